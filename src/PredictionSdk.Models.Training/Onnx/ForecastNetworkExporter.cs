using System.Globalization;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Onnx;
using PredictionSdk.Models.Training.Networks;
using static TorchSharp.torch;

namespace PredictionSdk.Models.Training.Onnx;

/// <summary>
/// Exports trained Hybrid, Lstm and Transformer networks to ONNX (IR 8, opset 17) so that serving needs only
/// ONNX Runtime. The graph mirrors the network layer by layer: input <c>window</c> [batch, window, features],
/// output <c>forecast</c> [batch, horizons, 4] (q05, q50, q95, up logit), batch as a symbolic dimension.
/// </summary>
public static class ForecastNetworkExporter
{
    /// <summary>Exports the network stored in a bundle's TorchSharp weights.</summary>
    /// <exception cref="ModelLoadException">The bundle has no usable weights.</exception>
    public static byte[] ExportOnnx(this ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var options = ModelOptionsJson.FromJson(bundle.Manifest.ModelType, bundle.Manifest.ModelOptions);
        using var forecaster = bundle.CreateForecaster();
        return Export(forecaster.Network, options, bundle.Manifest.WindowLength, bundle.Manifest.FeatureNames.Count, bundle.Manifest.Horizons.Count, bundle.Manifest.Symbol);
    }

    /// <summary>A copy of the bundle with <see cref="ModelBundle.OnnxEntry"/> exported from its TorchSharp weights.</summary>
    public static ModelBundle WithOnnx(this ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.WithEntry(ModelBundle.OnnxEntry, bundle.ExportOnnx(), "ONNX graph (IR 8, opset 17): window [batch, window, features] -> forecast [batch, horizons, 4]");
    }

    internal static byte[] Export(ForecastNetwork network, ModelOptions options, int windowLength, int featureCount, int horizons, string symbol = "")
    {
        var weights = StateDict(network);
        var g = new OnnxGraphBuilder(options.ModelType.ToString().ToLowerInvariant());
        string x = g.AddInput(OnnxForecaster.InputName, "batch", windowLength, featureCount);
        int width = featureCount;

        var (lstmUnits, bidirectional) = options switch
        {
            HybridModelOptions h => (h.LstmUnits, h.Bidirectional),
            LstmModelOptions l => (l.LstmUnits, l.Bidirectional),
            _ => ((IReadOnlyList<int>)[], false),
        };
        if (lstmUnits.Count > 0)
        {
            // ONNX LSTM is sequence-first; the network is batch-first.
            x = g.Transpose(x, 1, 0, 2);
            for (int i = 0; i < lstmUnits.Count; i++)
            {
                string p = $"lstm.{i}.";
                var directions = new List<LstmDirectionWeights> { Direction(weights, p, string.Empty) };
                if (bidirectional)
                {
                    directions.Add(Direction(weights, p, "_reverse"));
                }

                x = g.Lstm(x, width, lstmUnits[i], directions, $"lstm{i}");
                width = lstmUnits[i] * directions.Count;
            }
        }

        var (modelDim, heads, feedForward, layers) = options switch
        {
            HybridModelOptions h => (h.ModelDim, h.AttentionHeads, h.FeedForwardDim, h.EncoderLayers),
            TransformerModelOptions t => (t.ModelDim, t.AttentionHeads, t.FeedForwardDim, t.EncoderLayers),
            _ => (0, 0, 0, 0),
        };
        // The heads read only the last step, so the last encoder layer computes only that row (OnnxLastStepLayers).
        string last;
        if (layers > 0)
        {
            if (lstmUnits.Count > 0)
            {
                x = g.Transpose(x, 1, 0, 2);
            }

            // The projection's bias and the positions are both constants: one addition.
            float[] bias = weights["input_projection.bias"];
            float[] positions = [.. weights["positions"]];
            for (int i = 0; i < positions.Length; i++)
            {
                positions[i] += bias[i % modelDim];
            }

            x = g.Linear(x, weights["input_projection.weight"], [], width, modelDim, "input_projection");
            x = g.Add(x, g.AddInitializer("positions", positions, 1, windowLength, modelDim));
            for (int i = 0; i < layers - 1; i++)
            {
                x = g.TransformerEncoderLayer(x, EncoderLayer(weights, $"encoder.{i}.", modelDim, heads, feedForward), $"encoder{i}");
            }

            last = g.LastStepEncoderLayer(x, EncoderLayer(weights, $"encoder.{layers - 1}.", modelDim, heads, feedForward), $"encoder{layers - 1}");
            last = g.LayerNorm(last, weights["final_norm.weight"], weights["final_norm.bias"], 1e-5f, "final_norm");
            width = modelDim;
        }
        else
        {
            // The LSTM stack's output is still sequence-first.
            last = g.Select(x, lstmUnits.Count > 0 ? 0 : 1, -1);                              // [b, width]
        }

        string raw = g.Linear(last, weights["quantile_head.weight"], weights["quantile_head.bias"], width, 3 * horizons, "quantile_head");
        string grouped = g.Reshape(raw, -1, horizons, 3);                                    // [b, h, (a, m, b)]
        string median = g.Select(grouped, 2, 1);
        string lower = g.Sub(median, g.AddNode("Softplus", [g.Select(grouped, 2, 0)]));
        string upper = g.Add(median, g.AddNode("Softplus", [g.Select(grouped, 2, 2)]));
        string quantiles = g.Concat(2, g.Unsqueeze(lower, 2), g.Unsqueeze(median, 2), g.Unsqueeze(upper, 2));
        string scaled = g.Mul(quantiles, g.AddInitializer("target_scale", weights["target_scale"], horizons, 1));
        string logits = g.Unsqueeze(g.Linear(last, weights["direction_head.weight"], weights["direction_head.bias"], width, horizons, "direction_head"), 2);
        string output = g.Rename(g.Concat(2, scaled, logits), OnnxForecaster.OutputName);
        g.AddOutput(output, "batch", horizons, OnnxForecaster.OutputsPerHorizon);

        var metadata = new Dictionary<string, string>
        {
            ["model_type"] = options.ModelType.ToString(),
            ["window_length"] = windowLength.ToString(CultureInfo.InvariantCulture),
            ["feature_count"] = featureCount.ToString(CultureInfo.InvariantCulture),
            ["horizons"] = horizons.ToString(CultureInfo.InvariantCulture),
            ["symbol"] = symbol,
        };
        return g.ToBytes(metadata, typeof(ForecastNetworkExporter).Assembly.GetName().Version?.ToString() ?? "0");
    }

    private static Dictionary<string, float[]> StateDict(ForecastNetwork network)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in network.state_dict())
        {
            result[name] = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        }

        return result;
    }

    private static LstmDirectionWeights Direction(Dictionary<string, float[]> w, string prefix, string suffix) =>
        new(Get(w, $"{prefix}weight_ih_l0{suffix}"), Get(w, $"{prefix}weight_hh_l0{suffix}"), Optional(w, $"{prefix}bias_ih_l0{suffix}"), Optional(w, $"{prefix}bias_hh_l0{suffix}"));

    private static TransformerEncoderLayerWeights EncoderLayer(Dictionary<string, float[]> w, string p, int d, int heads, int ff) => new()
    {
        DModel = d,
        Heads = heads,
        FeedForward = ff,
        NormFirst = true,
        Activation = FeedForwardActivation.Relu,
        InProjWeight = Concat(Get(w, p + "attention.query.weight"), Get(w, p + "attention.key.weight"), Get(w, p + "attention.value.weight")),
        InProjBias = Concat(Get(w, p + "attention.query.bias"), Get(w, p + "attention.key.bias"), Get(w, p + "attention.value.bias")),
        OutProjWeight = Get(w, p + "attention.output.weight"),
        OutProjBias = Get(w, p + "attention.output.bias"),
        Linear1Weight = Get(w, p + "ff1.weight"),
        Linear1Bias = Get(w, p + "ff1.bias"),
        Linear2Weight = Get(w, p + "ff2.weight"),
        Linear2Bias = Get(w, p + "ff2.bias"),
        Norm1Weight = Get(w, p + "norm1.weight"),
        Norm1Bias = Get(w, p + "norm1.bias"),
        Norm2Weight = Get(w, p + "norm2.weight"),
        Norm2Bias = Get(w, p + "norm2.bias"),
    };

    private static float[] Get(Dictionary<string, float[]> w, string name) =>
        w.TryGetValue(name, out float[]? value)
            ? value
            : throw new InvalidOperationException($"The network has no parameter '{name}'; it has {string.Join(", ", w.Keys)}.");

    private static float[] Concat(float[] a, float[] b, float[] c) => [.. a, .. b, .. c];

    private static float[] Optional(Dictionary<string, float[]> w, string name) => w.TryGetValue(name, out float[]? value) ? value : [];
}
