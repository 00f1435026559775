using TorchSharp;

namespace PredictionSdk.Models.Training;

/// <summary>
/// Scalars that stay alive for the whole process. TorchSharp turns a .NET number passed as a scalar argument into a
/// temporary native <see cref="Scalar"/>, reads its handle and calls libtorch; nothing keeps the temporary reachable
/// during the call, so a garbage collection on another thread can run its finalizer and free it while libtorch reads
/// it (seen as "Expected false to be true" from c10's Scalar in a long training run). Hot paths pass these instead.
/// </summary>
internal static class HeldScalars
{
    /// <summary>The integer 1, the default <c>alpha</c> of <c>add</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();
}
