using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training;

/// <summary>
/// Scalars that stay alive for the whole process. TorchSharp turns a .NET number passed as a scalar argument into a
/// temporary native <see cref="Scalar"/>, reads its handle and calls libtorch; nothing keeps the temporary reachable
/// during the call, so a garbage collection on another thread can run its finalizer and free it while libtorch reads
/// it (seen as "Expected false to be true" from c10's Scalar). Hot paths pass these instead.
/// </summary>
internal static class HeldScalars
{
    /// <summary>The integer 1, the default <c>alpha</c> of <c>add</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    // softplus's defaults (beta 1, threshold 20), as the doubles TorchSharp's public overload converts.
    private static readonly Scalar SoftplusBeta = 1.0.ToScalar();
    private static readonly Scalar SoftplusThreshold = 20.0.ToScalar();

    // TorchSharp's public softplus takes doubles and converts them to temporaries; its scalar overload is private.
    private static readonly Func<Tensor, Scalar, Scalar, Tensor>? SoftplusWithScalars =
        typeof(Tensor).GetMethod("softplus1", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Scalar), typeof(Scalar)])
            ?.CreateDelegate<Func<Tensor, Scalar, Scalar, Tensor>>();

    /// <summary>True when <see cref="Softplus"/> can pass held scalars (TorchSharp still has its scalar overload).</summary>
    public static bool SoftplusIsHeld => SoftplusWithScalars is not null;

    /// <summary><c>softplus(x)</c> with beta 1 and threshold 20, exactly as <c>functional.softplus</c>.</summary>
    public static Tensor Softplus(Tensor x) =>
        SoftplusWithScalars is { } held ? held(x, SoftplusBeta, SoftplusThreshold) : nn.functional.softplus(x);
}
