using static TorchSharp.torch;

namespace PredictionSdk.Models.Training;

/// <summary>
/// Sets how many CPU threads libtorch uses. libtorch otherwise starts one intra-op thread per core, and when
/// ONNX Runtime runs in the same process with its own pool the two oversubscribe the cores and slow each other badly.
/// </summary>
public static class TorchThreads
{
    private static readonly Lock Gate = new();
    private static int _configured;

    /// <summary>
    /// Half the cores, at least one. libtorch's OpenMP workers spin while they wait; when the cores are also busy
    /// with other work (feature computation, ONNX Runtime, other processes) a pool as wide as the machine collapses:
    /// on a loaded 2-core machine, a Hybrid with LSTM units [48, 32] trained at 23 samples/s with 2 threads and 565 with 1.
    /// </summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The intra-op thread count last applied by <see cref="Configure"/>, or 0 when libtorch's default is in use.</summary>
    public static int Configured => Volatile.Read(ref _configured);

    /// <summary>
    /// Applies an intra-op thread count to libtorch. <paramref name="threads"/> of 0 or less means <see cref="DefaultThreads"/>.
    /// Call it once before training or inference; calling it again with the same value is free.
    /// </summary>
    /// <param name="threads">Threads for libtorch's intra-op pool; 0 or less for <see cref="DefaultThreads"/>.</param>
    /// <returns>The thread count in effect.</returns>
    public static int Configure(int threads = 0)
    {
        int wanted = threads > 0 ? threads : DefaultThreads;
        lock (Gate)
        {
            if (_configured != wanted)
            {
                set_num_threads(wanted);
                Volatile.Write(ref _configured, wanted);
            }
        }

        return wanted;
    }
}
