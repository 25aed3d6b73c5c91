namespace LiverScreen.Alignment.Benchmark;

/// <summary>Where benchmark pairs come from: generated in process, or a phantom cohort on disk.</summary>
public interface IBenchPairSource
{
    string Description { get; }

    IEnumerable<BenchPair> Pairs(int count);
}
