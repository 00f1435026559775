using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Creates_a_tensor_and_computes_with_it()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }

    [Fact]
    public void Thread_count_is_applied_to_libtorch()
    {
        int applied = TorchThreads.Configure(1);
        Assert.Equal(1, applied);
        Assert.Equal(1, get_num_threads());
        Assert.Equal(TorchThreads.DefaultThreads, TorchThreads.Configure());
        Assert.Equal(TorchThreads.DefaultThreads, get_num_threads());
    }

    [Fact]
    public void OneDnn_cap_reaches_the_native_environment_before_libtorch_runs()
    {
        // oneDNN reads the variable through libc's getenv; the runtime's own copy alone would not reach it.
        string? native = Marshal.PtrToStringUTF8(getenv(OneDnnIsaGuard.Variable));
        Assert.NotNull(native);
        Assert.Equal(Environment.GetEnvironmentVariable(OneDnnIsaGuard.Variable), native);
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern IntPtr getenv(string name);
}
