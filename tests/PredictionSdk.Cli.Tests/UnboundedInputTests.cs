namespace PredictionSdk.Cli.Tests;

/// <summary>Endless input fails fast with a clear message and a fixed amount of memory.</summary>
[Collection(AllocationCountingCollection.Name)]
public sealed class UnboundedInputTests
{
    [Fact]
    public async Task Validate_of_dev_zero_fails_fast_naming_the_overlong_line()
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var (exit, _, error) = await Psdk.RunAsync("data", "validate", "--input", "/dev/zero").WaitAsync(TimeSpan.FromSeconds(60));

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.NotEqual(0, exit);
        Assert.Contains("/dev/zero", error, StringComparison.Ordinal);
        Assert.Contains("line 1 is longer than 65,536 bytes", error, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }
}

/// <summary>Tests that count the process's allocated bytes run alone, so other tests' work does not blur the count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCountingCollection
{
    public const string Name = "allocation-counting";
}
