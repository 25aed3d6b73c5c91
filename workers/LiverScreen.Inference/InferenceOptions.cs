using System.ComponentModel.DataAnnotations;

namespace LiverScreen.Inference;

/// <summary>
/// How sessions are created (configuration section "Inference"). Defaults suit a CPU worker: ORT picks the intra-op
/// thread count (one per core), graphs run sequentially, every graph optimisation on, idle ORT threads sleep.
/// </summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Threads inside one operator (0 = ORT's default: one per physical core).</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>Threads across independent operators; only used when the graph runs in parallel mode (0 = default).</summary>
    [Range(0, 1024)]
    public int InterOpThreads { get; set; } = 1;

    /// <summary>
    /// Whether ORT's worker threads spin-wait for the next operator (and for the next run) instead of sleeping. Spinning
    /// saves microseconds per operator but keeps the cores busy after a run, competing with the pipeline's own work
    /// between model calls (tiling, blending, patch extraction) on a small CPU worker. Off by default: on 2 cores a
    /// 4-phase study took 23.7-27.3 CPU-s without spinning against 27.2-31.2 with it, at the same wall time and model
    /// time (alternating runs of bench pipeline, 24 Nov 2026).
    /// </summary>
    public bool AllowSpinning { get; set; }

    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;

    /// <summary>CPU, CUDA or TensorRT. GPU providers need their libraries beside libonnxruntime.so.1.</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>When the requested GPU provider cannot be used: true runs on CPU (with a warning), false refuses to start.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>GPU ordinal for CUDA / TensorRT.</summary>
    [Range(0, 64)]
    public int DeviceId { get; set; }

    /// <summary>Path of libonnxruntime.so.1; null uses LIVERSCREEN_ORT_LIBRARY, then .tools/onnxruntime/ of the checkout.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>Folder holding models/&lt;name&gt;/model.json + model.onnx; null finds the checkout's models/.</summary>
    public string? ModelsDirectory { get; set; }
}
