using System.Runtime.CompilerServices;

// libtorch's thread count and random generator are process-wide; tests that train or change them run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace PredictionSdk.Models.Training.Tests;

internal static class TestAssemblySetup
{
    // Some tests call TorchSharp directly; load the SDK's module first so its oneDNN guard runs before any torch call.
    [ModuleInitializer]
    internal static void LoadSdkFirst() => RuntimeHelpers.RunModuleConstructor(typeof(TorchThreads).Module.ModuleHandle);
}
