using LiverScreen.Dicom.Scanning;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Loading;

/// <summary>
/// Builds one series into a <c>Volume&lt;short&gt;</c> of HU, on demand. The volume is allocated once and every slice is
/// decoded straight into its place (index k of the layout), in parallel, one codec reader and one frame-sized scratch
/// buffer per thread: peak memory is the HU volume plus (threads x one raw frame), well under 1.5x the volume.
/// </summary>
public sealed class SeriesLoader(IDicomCodec codec)
{
    public SeriesLoader()
        : this(new GdcmDicomCodec())
    {
    }

    /// <param name="maxThreads">Decoding threads; 0 means one per core.</param>
    /// <param name="progress">Receives the count of decoded slices.</param>
    public LoadedSeries Load(CtSeries series, int maxThreads = 0, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var layout = series.Layout;
        var size = layout.Geometry.Size;
        if (size.VoxelCount > int.MaxValue)
        {
            throw new SeriesLoadException(series.StudyInstanceUid, series.SeriesInstanceUid, layout.Slices[0].FilePath, $"volume {size} is too large ({size.VoxelCount} voxels)");
        }

        var data = new short[size.VoxelCount];
        var sliceVoxels = size.SliceVoxels;
        var done = 0;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxThreads > 0 ? maxThreads : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        try
        {
            Parallel.For(0, layout.Slices.Count, options, k =>
            {
                var header = layout.Slices[k];
                try
                {
                    codec.DecodeHu(header, data.AsSpan(k * sliceVoxels, sliceVoxels));
                }
                catch (DicomReadException ex)
                {
                    throw new SeriesLoadException(series.StudyInstanceUid, series.SeriesInstanceUid, header.FilePath, ex.Reason ?? ex.Message, ex);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not SeriesLoadException)
                {
                    throw new SeriesLoadException(series.StudyInstanceUid, series.SeriesInstanceUid, header.FilePath, $"decoding failed: {ex.GetType().Name}: {ex.Message}", ex);
                }

                progress?.Report(Interlocked.Increment(ref done));
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.OfType<SeriesLoadException>().FirstOrDefault() is { } first)
        {
            throw first;
        }

        return new LoadedSeries(series, new Volume<short>(layout.Geometry, data));
    }
}
