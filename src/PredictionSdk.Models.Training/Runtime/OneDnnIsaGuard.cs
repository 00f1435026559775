using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PredictionSdk.Models.Training;

/// <summary>
/// Caps oneDNN, the CPU kernel library inside libtorch, at AVX2 before libtorch first runs. On AVX-512 CPUs
/// (seen on AMD EPYC with libtorch 2.10) oneDNN's AVX-512 LSTM kernels return outputs that differ from the
/// reference recurrence by up to 0.3, so a network trained there would disagree with its own ONNX export (which
/// ONNX Runtime computes exactly). A value the user already set for <c>DNNL_MAX_CPU_ISA</c> is left alone.
/// </summary>
internal static partial class OneDnnIsaGuard
{
    /// <summary>The environment variable oneDNN reads once, at its first kernel.</summary>
    public const string Variable = "DNNL_MAX_CPU_ISA";

    /// <summary>The ISA cap applied when the variable is unset.</summary>
    public const string Cap = "AVX2";

    /// <summary>Runs when this assembly loads, i.e. before any of its types can call into libtorch.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "oneDNN reads the variable once, at its first kernel; it must be set before any torch call this assembly makes.")]
    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            // Windows' CRT reads the process environment block, which the runtime's setter updates.
            if (Environment.GetEnvironmentVariable(Variable) is null)
            {
                Environment.SetEnvironmentVariable(Variable, Cap);
            }

            return;
        }

        // On Unix the runtime keeps its own copy of the environment; native getenv sees only libc's.
        if (Environment.GetEnvironmentVariable(Variable) is null && NativeGetenv(Variable) == IntPtr.Zero)
        {
            _ = NativeSetenv(Variable, Cap, 0);
            Environment.SetEnvironmentVariable(Variable, Cap);
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeSetenv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeGetenv(string name);
}
