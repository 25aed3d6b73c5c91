namespace LiverScreen.Inference.Tests;

/// <summary>Tests that read process-wide RSS and open files run alone: parallel test classes would move those numbers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryGroup
{
    public const string Name = "process memory";
}
