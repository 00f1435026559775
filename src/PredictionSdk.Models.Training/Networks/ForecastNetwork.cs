using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictionSdk.Models.Training.Networks;

/// <summary>
/// The forecasting network shared by the three model types. Input <c>[batch, window, features]</c> (batch-first);
/// output <c>[batch, horizons, 4]</c> holding, per horizon, the 5 %, 50 % and 95 % quantiles of the forward log
/// return and the logit of an up move.
/// <list type="bullet">
/// <item><b>Lstm</b>: LSTM stack → last step → heads.</item>
/// <item><b>Transformer</b>: Linear(features→ModelDim) + sinusoidal positions → encoder blocks → LayerNorm → last step → heads.</item>
/// <item><b>Hybrid</b>: LSTM stack → Linear(→ModelDim) + positions → encoder blocks → LayerNorm → last step → heads.</item>
/// </list>
/// Quantiles cannot cross: the head predicts the median and two spreads, <c>q05 = q50 − softplus(a)</c> and
/// <c>q95 = q50 + softplus(b)</c>, then multiplies the three by the per-horizon target scale (a fixed buffer).
/// Parameter names (state dict): <c>lstm.{i}.weight_ih_l0 …</c> (and <c>_reverse</c>), <c>input_projection.*</c>,
/// <c>positions</c> ([1, window, ModelDim]), <c>encoder.{i}.{norm1|attention.{query|key|value|output}|norm2|ff1|ff2}.*</c>,
/// <c>final_norm.*</c>, <c>quantile_head.*</c> ([3·H, d], rows grouped per horizon as a, m, b), <c>direction_head.*</c>, <c>target_scale</c> ([H]).
/// </summary>
internal sealed class ForecastNetwork : Module<Tensor, Tensor>
{
    private readonly ModuleList<LSTM>? _lstm;
    private readonly Dropout _dropout;
    private readonly Linear? _inputProjection;
    private readonly Tensor? _positions;
    private readonly ModuleList<EncoderBlock>? _encoder;
    private readonly LayerNorm? _finalNorm;
    private readonly Linear _quantileHead;
    private readonly Linear _directionHead;
    private readonly Tensor _targetScale;
    private readonly long _horizons;

    public ForecastNetwork(ModelOptions options, int windowLength, int featureCount, IReadOnlyList<float> targetScale)
        : base(options.ModelType.ToString())
    {
        _horizons = targetScale.Count;
        _dropout = Dropout(options.Dropout);
        register_module("dropout", _dropout);
        long width = featureCount;

        var (lstmUnits, bidirectional) = options switch
        {
            HybridModelOptions h => (h.LstmUnits, h.Bidirectional),
            LstmModelOptions l => (l.LstmUnits, l.Bidirectional),
            _ => ((IReadOnlyList<int>)[], false),
        };
        if (lstmUnits.Count > 0)
        {
            _lstm = new ModuleList<LSTM>();
            foreach (int units in lstmUnits)
            {
                _lstm.Add(LSTM(width, units, batchFirst: true, bidirectional: bidirectional));
                width = units * (bidirectional ? 2 : 1);
            }

            register_module("lstm", _lstm);
        }

        var (modelDim, heads, feedForward, layers) = options switch
        {
            HybridModelOptions h => (h.ModelDim, h.AttentionHeads, h.FeedForwardDim, h.EncoderLayers),
            TransformerModelOptions t => (t.ModelDim, t.AttentionHeads, t.FeedForwardDim, t.EncoderLayers),
            _ => (0, 0, 0, 0),
        };
        if (layers > 0)
        {
            _inputProjection = Linear(width, modelDim);
            register_module("input_projection", _inputProjection);
            _positions = SinusoidalPositions(windowLength, modelDim);
            register_buffer("positions", _positions);
            _encoder = new ModuleList<EncoderBlock>();
            for (int i = 0; i < layers; i++)
            {
                _encoder.Add(new EncoderBlock(modelDim, heads, feedForward, options.Dropout));
            }

            register_module("encoder", _encoder);
            _finalNorm = LayerNorm(modelDim);
            register_module("final_norm", _finalNorm);
            width = modelDim;
        }

        _quantileHead = Linear(width, 3 * _horizons);
        _directionHead = Linear(width, _horizons);
        register_module("quantile_head", _quantileHead);
        register_module("direction_head", _directionHead);
        _targetScale = tensor(targetScale.ToArray());
        register_buffer("target_scale", _targetScale);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        if (_lstm is not null)
        {
            foreach (var layer in _lstm)
            {
                x = _dropout.call(layer.call(x).Item1);
            }
        }

        if (_encoder is not null)
        {
            x = _inputProjection!.call(x).add(_positions!, HeldScalars.One);
            foreach (var block in _encoder)
            {
                x = block.call(x);
            }

            x = _finalNorm!.call(x);
        }

        long steps = x.shape[1];
        Tensor last = x.select(1, steps - 1);
        Tensor raw = _quantileHead.call(last).reshape(-1, _horizons, 3);
        Tensor median = raw.select(2, 1);
        Tensor lower = median.sub(HeldScalars.Softplus(raw.select(2, 0)));
        Tensor upper = median.add(HeldScalars.Softplus(raw.select(2, 2)), HeldScalars.One);
        Tensor quantiles = stack([lower, median, upper], 2).mul(_targetScale.unsqueeze(1));
        Tensor logits = _directionHead.call(last).unsqueeze(2);
        return cat([quantiles, logits], 2).MoveToOuterDisposeScope();
    }

    private static Tensor SinusoidalPositions(int length, int dim)
    {
        var values = new float[length * dim];
        for (int pos = 0; pos < length; pos++)
        {
            for (int i = 0; i < dim; i += 2)
            {
                double angle = pos / Math.Pow(10000.0, (double)i / dim);
                values[(pos * dim) + i] = (float)Math.Sin(angle);
                if (i + 1 < dim)
                {
                    values[(pos * dim) + i + 1] = (float)Math.Cos(angle);
                }
            }
        }

        return tensor(values, [1, length, dim]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lstm?.Dispose();
            _dropout.Dispose();
            _inputProjection?.Dispose();
            _positions?.Dispose();
            _encoder?.Dispose();
            _finalNorm?.Dispose();
            _quantileHead.Dispose();
            _directionHead.Dispose();
            _targetScale.Dispose();
        }

        base.Dispose(disposing);
    }
}
