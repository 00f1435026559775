using static TorchSharp.torch;

namespace PredictionSdk.Models.Training.Tests.Runtime;

public sealed class HeldScalarsTests
{
    [Fact]
    public void Softplus_passes_held_scalars_and_equals_torchsharps_bit_for_bit()
    {
        // If a TorchSharp upgrade drops the private scalar overload, this fails rather than silently racing again.
        Assert.True(HeldScalars.SoftplusIsHeld);

        random.manual_seed(3);
        using var x = randn(4099).mul_(12);
        using var expected = nn.functional.softplus(x);
        using var actual = HeldScalars.Softplus(x);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
    }
}
