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
}
