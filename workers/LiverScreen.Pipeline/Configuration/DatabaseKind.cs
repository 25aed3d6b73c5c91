namespace LiverScreen.Pipeline.Configuration;

/// <summary>Which relational database holds the results (studies, stage states, lesions, decisions, batches).</summary>
public enum DatabaseKind
{
    /// <summary>A SQLite file: the embedded default.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql (distributed mode, issue 9): added in Hosting/PipelineDatabase.cs.</summary>
    PostgreSql,
}
