using TorchSharp;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training.Tests.Runtime;

public sealed class AdamWOptimizerTests
{
    // The trainer's optimizer must not change training results: same parameters as TorchSharp's AdamW, bit for bit.
    [Theory]
    [InlineData(1e-3, 0.0)]
    [InlineData(3e-3, 1e-2)]
    public void Matches_torchsharp_adamw_bit_for_bit(double learningRate, double weightDecay)
    {
        using var reference = Network(seed: 5);
        using var ours = Network(seed: 5);
        using var theirs = optim.AdamW(reference.parameters(), learningRate, weight_decay: weightDecay);
        using var mine = new AdamWOptimizer(ours.parameters(), learningRate, weightDecay);
        random.manual_seed(9);
        using var x = randn(32, 6);
        using var y = randn(32, 1);

        for (int step = 0; step < 25; step++)
        {
            theirs.zero_grad();
            using (var loss = nn.functional.mse_loss(reference.call(x), y))
            {
                loss.backward();
            }

            theirs.step();

            mine.ZeroGrad();
            using (var loss = nn.functional.mse_loss(ours.call(x), y))
            {
                loss.backward();
            }

            mine.Step();
        }

        var expected = reference.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        var actual = ours.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }

        // And it did train: the parameters moved.
        using var initial = Network(seed: 5);
        Assert.NotEqual(initial.parameters().First().data<float>().ToArray(), actual[0]);
    }

    private static nn.Module<Tensor, Tensor> Network(int seed)
    {
        random.manual_seed(seed);
        return nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 1));
    }
}
