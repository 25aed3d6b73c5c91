namespace LiverScreen.Contracts;

/// <summary>The pipeline's stages in order. Queue names derive from these (kebab-case), see docs/pipeline.md.</summary>
public enum StageName
{
    Ingest,
    Align,
    Segment,
    Reclassify,
    Triage,
}
