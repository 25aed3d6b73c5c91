using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Data;

/// <summary>
/// The results database: batches, studies, stage states, lesions, triage decisions and faulted messages. The same model
/// runs on SQLite (embedded) and PostgreSQL (distributed); enums are stored as strings so rows read well and survive
/// reordering. Schema changes go through a migration in Data/Migrations.
/// </summary>
public sealed class ResultsDbContext(DbContextOptions<ResultsDbContext> options) : DbContext(options)
{
    public DbSet<BatchRecord> Batches => Set<BatchRecord>();
    public DbSet<StudyRecord> Studies => Set<StudyRecord>();
    public DbSet<StageStateRecord> StageStates => Set<StageStateRecord>();
    public DbSet<LesionRecord> Lesions => Set<LesionRecord>();
    public DbSet<TriageDecisionRecord> TriageDecisions => Set<TriageDecisionRecord>();
    public DbSet<FaultedMessageRecord> FaultedMessages => Set<FaultedMessageRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<BatchRecord>(b =>
        {
            b.ToTable("batches");
            b.HasKey(x => x.Id);
            b.Property(x => x.Name).HasMaxLength(200);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        });

        modelBuilder.Entity<StudyRecord>(b =>
        {
            b.ToTable("studies");
            b.HasKey(x => new { x.BatchId, x.StudyKey });
            b.Property(x => x.StudyKey).HasMaxLength(200);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.CurrentStage).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.FailureStage).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(x => new { x.BatchId, x.Status });
        });

        modelBuilder.Entity<StageStateRecord>(b =>
        {
            b.ToTable("stage_states");
            b.HasKey(x => new { x.BatchId, x.StudyKey, x.Stage });
            b.Property(x => x.StudyKey).HasMaxLength(200);
            b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.InputHash).HasMaxLength(64);
        });

        modelBuilder.Entity<LesionRecord>(b =>
        {
            b.ToTable("lesions");
            b.HasKey(x => new { x.BatchId, x.StudyKey, x.Index });
            b.Property(x => x.StudyKey).HasMaxLength(200);
            b.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
        });

        modelBuilder.Entity<TriageDecisionRecord>(b =>
        {
            b.ToTable("triage_decisions");
            b.HasKey(x => new { x.BatchId, x.StudyKey });
            b.Property(x => x.StudyKey).HasMaxLength(200);
            b.Property(x => x.Category).HasConversion<string>().HasMaxLength(32);
        });

        modelBuilder.Entity<FaultedMessageRecord>(b =>
        {
            b.ToTable("faulted_messages");
            b.HasKey(x => x.Id);
            b.Property(x => x.StudyKey).HasMaxLength(200);
            b.Property(x => x.Stage).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.MessageType).HasMaxLength(200);
            b.HasIndex(x => x.ReplayedAt);
        });
    }
}
