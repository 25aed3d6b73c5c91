using System.ComponentModel.DataAnnotations;

namespace LiverScreen.Pipeline.Configuration;

/// <summary>Configuration section "Database" (e.g. Database__Kind=Sqlite, Database__ConnectionString="Data Source=x.db").</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    [EnumDataType(typeof(DatabaseKind))]
    public DatabaseKind Kind { get; set; } = DatabaseKind.Sqlite;

    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "Data Source=" + Path.Combine(".work", "liverscreen.db");

    /// <summary>Apply pending migrations when a host starts (every worker may do it; migrations are idempotent).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>PostgreSQL: retries of a transient database error inside one operation (EF EnableRetryOnFailure).</summary>
    [Range(0, 50)]
    public int MaxRetryCount { get; set; } = 8;

    /// <summary>PostgreSQL: upper bound of the back-off between those retries, in ms. With the defaults a database that is
    /// away for about 30 s is ridden out inside one operation.</summary>
    [Range(1, 120_000)]
    public int MaxRetryDelayMs { get; set; } = 5_000;
}
