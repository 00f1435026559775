using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training;

/// <summary>
/// AdamW (Loshchilov and Hutter, decoupled weight decay) with exactly the arithmetic of TorchSharp's
/// <c>optim.AdamW</c> — so training results are unchanged bit for bit — but every scalar argument is created
/// explicitly and held until its native call has returned (see <see cref="HeldScalars"/> for why TorchSharp's
/// implicit temporaries can be freed mid-call).
/// </summary>
internal sealed class AdamWOptimizer : IDisposable
{
    private readonly (Parameter Parameter, Tensor Mean, Tensor Variance)[] _state;
    private readonly double _learningRate;
    private readonly double _weightDecay;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;
    private long _step;

    public AdamWOptimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _learningRate = learningRate;
        _weightDecay = weightDecay;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _state = parameters
            .Select(p => (p, zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope()))
            .ToArray();
    }

    public void ZeroGrad()
    {
        foreach (var (parameter, _, _) in _state)
        {
            var grad = parameter.grad;
            if (grad is not null)
            {
                grad.requires_grad_(false);
                grad.zero_();
            }
        }
    }

    public void Step()
    {
        _step++;
        double correction1 = 1 - Math.Pow(_beta1, _step);
        double correction2 = 1 - Math.Pow(_beta2, _step);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var decay = (1 - (_learningRate * _weightDecay)).ToScalar();
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var epsilon = _epsilon.ToScalar();
        using var stepSize = (-(_learningRate / correction1)).ToScalar();
        foreach (var (parameter, mean, variance) in _state)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }

            parameter.mul_(decay);
            mean.mul_(beta1).add_(grad, oneMinusBeta1);
            variance.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            using var denominator = variance.sqrt().div_(rootCorrection2).add_(epsilon, HeldScalars.One);
            parameter.addcdiv_(mean, denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var (_, mean, variance) in _state)
        {
            mean.Dispose();
            variance.Dispose();
        }
    }
}
