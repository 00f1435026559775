using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictionSdk.Models.Training.Networks;

/// <summary>
/// One pre-norm Transformer encoder layer, batch-first:
/// <c>x = x + Dropout(Attention(LayerNorm1(x)))</c>, then <c>x = x + Dropout(Linear2(ReLU(Linear1(LayerNorm2(x)))))</c>.
/// Pre-norm trains more stably than the post-norm layout of the stock encoder layer at these small sizes.
/// </summary>
internal sealed class EncoderBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm _norm1;
    private readonly MultiHeadSelfAttention _attention;
    private readonly LayerNorm _norm2;
    private readonly Linear _feedForward1;
    private readonly Linear _feedForward2;
    private readonly Dropout _dropout;

    public EncoderBlock(int modelDim, int heads, int feedForwardDim, double dropout)
        : base(nameof(EncoderBlock))
    {
        _norm1 = LayerNorm(modelDim);
        _attention = new MultiHeadSelfAttention(modelDim, heads, dropout);
        _norm2 = LayerNorm(modelDim);
        _feedForward1 = Linear(modelDim, feedForwardDim);
        _feedForward2 = Linear(feedForwardDim, modelDim);
        _dropout = Dropout(dropout);
        register_module("norm1", _norm1);
        register_module("attention", _attention);
        register_module("norm2", _norm2);
        register_module("ff1", _feedForward1);
        register_module("ff2", _feedForward2);
        register_module("dropout", _dropout);
    }

    public override Tensor forward(Tensor input)
    {
        using var n1 = _norm1.call(input);
        using var attended = _attention.call(n1);
        using var a = _dropout.call(attended);
        using var x = input.add(a, HeldScalars.One);
        using var n2 = _norm2.call(x);
        using var h = _feedForward1.call(n2);
        using var r = functional.relu(h);
        using var f = _feedForward2.call(r);
        using var d = _dropout.call(f);
        return x.add(d, HeldScalars.One);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _norm1.Dispose();
            _attention.Dispose();
            _norm2.Dispose();
            _feedForward1.Dispose();
            _feedForward2.Dispose();
            _dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
