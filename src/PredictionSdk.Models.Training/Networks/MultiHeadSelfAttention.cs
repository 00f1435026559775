using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictionSdk.Models.Training.Networks;

/// <summary>
/// Batch-first multi-head self-attention from plain linear layers (query, key, value, output), so that an
/// exported graph can mirror it with MatMul, Reshape, Transpose and Softmax only.
/// </summary>
internal sealed class MultiHeadSelfAttention : Module<Tensor, Tensor>
{
    private readonly Linear _query;
    private readonly Linear _key;
    private readonly Linear _value;
    private readonly Linear _output;
    private readonly Dropout _dropout;
    private readonly long _heads;
    private readonly long _headDim;
    private readonly double _scale;

    public MultiHeadSelfAttention(int modelDim, int heads, double dropout)
        : base(nameof(MultiHeadSelfAttention))
    {
        if (modelDim % heads != 0)
        {
            throw new ArgumentException($"ModelDim {modelDim} must be divisible by AttentionHeads {heads}.", nameof(heads));
        }

        _heads = heads;
        _headDim = modelDim / heads;
        _scale = 1.0 / Math.Sqrt(_headDim);
        _query = Linear(modelDim, modelDim);
        _key = Linear(modelDim, modelDim);
        _value = Linear(modelDim, modelDim);
        _output = Linear(modelDim, modelDim);
        _dropout = Dropout(dropout);
        register_module("query", _query);
        register_module("key", _key);
        register_module("value", _value);
        register_module("output", _output);
        register_module("dropout", _dropout);
    }

    public override Tensor forward(Tensor input)
    {
        long batch = input.shape[0], steps = input.shape[1], dim = input.shape[2];
        using var q = SplitHeads(_query.call(input), batch, steps);
        using var k = SplitHeads(_key.call(input), batch, steps);
        using var v = SplitHeads(_value.call(input), batch, steps);
        using var kt = k.transpose(2, 3);
        using var scale = _scale.ToScalar();
        using var scores = q.matmul(kt).mul_(scale);
        using var weights = functional.softmax(scores, -1);
        using var dropped = _dropout.call(weights);
        using var context = dropped.matmul(v);
        using var merged = context.transpose(1, 2).reshape(batch, steps, dim);
        return _output.call(merged);
    }

    private Tensor SplitHeads(Tensor x, long batch, long steps)
    {
        using (x)
        {
            return x.reshape(batch, steps, _heads, _headDim).transpose(1, 2);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _query.Dispose();
            _key.Dispose();
            _value.Dispose();
            _output.Dispose();
            _dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
