using PredictionSdk.Models.Training.Onnx;

namespace PredictionSdk.Models.Training.Tests.Onnx;

public class OnnxLayersTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void Stacked_lstm_matches_pytorch_equations(bool bidirectional, int layers)
    {
        const int seq = 6, batch = 3, input = 4, hidden = 5;
        var rng = new Random(7);
        int dirs = bidirectional ? 2 : 1;
        var weights = new List<(float[] Wih, float[] Whh, float[] Bih, float[] Bhh)[]>();
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", seq, "batch", input);
        string h = x;
        for (int l = 0; l < layers; l++)
        {
            int inSize = l == 0 ? input : dirs * hidden;
            var layer = new (float[], float[], float[], float[])[dirs];
            var exported = new List<LstmDirectionWeights>();
            for (int d = 0; d < dirs; d++)
            {
                layer[d] = (OrtRunner.Random(rng, 4 * hidden * inSize, 0.5), OrtRunner.Random(rng, 4 * hidden * hidden, 0.5), OrtRunner.Random(rng, 4 * hidden, 0.5), OrtRunner.Random(rng, 4 * hidden, 0.5));
                exported.Add(new LstmDirectionWeights(layer[d].Item1, layer[d].Item2, layer[d].Item3, layer[d].Item4));
            }

            weights.Add(layer);
            h = g.Lstm(h, inSize, hidden, exported, $"lstm{l}");
        }

        g.AddOutput(g.Rename(h, "y"), seq, "batch", dirs * hidden);
        float[] data = OrtRunner.Random(rng, seq * batch * input);
        var (y, shape) = OrtRunner.Run(g.ToBytes(), "x", data, seq, batch, input);
        Assert.Equal(new[] { seq, batch, dirs * hidden }, shape);

        var expected = new float[y.Length];
        for (int b = 0; b < batch; b++)
        {
            var xs = new double[seq][];
            for (int t = 0; t < seq; t++)
            {
                xs[t] = data.AsSpan(((t * batch) + b) * input, input).ToArray().Select(v => (double)v).ToArray();
            }

            foreach (var layer in weights)
            {
                var outs = layer.Select((p, d) => ReferenceMath.LstmDirection(xs, hidden, p.Wih, p.Whh, p.Bih, p.Bhh, reverse: d == 1)).ToArray();
                xs = Enumerable.Range(0, seq).Select(t => outs.SelectMany(o => o[t]).ToArray()).ToArray();
            }

            for (int t = 0; t < seq; t++)
            {
                for (int j = 0; j < dirs * hidden; j++)
                {
                    expected[(((t * batch) + b) * dirs * hidden) + j] = (float)xs[t][j];
                }
            }
        }

        OrtRunner.AssertClose(expected, y, 1e-5);
    }

    [Theory]
    [InlineData(false, "Relu")]
    [InlineData(true, "Gelu")]
    public void Transformer_encoder_layer_matches_reference(bool normFirst, string activationName)
    {
        var activation = Enum.Parse<FeedForwardActivation>(activationName);
        const int batch = 2, seq = 5, d = 8, heads = 2, ff = 12;
        var rng = new Random(11);
        var p = RandomEncoderWeights(rng, d, heads, ff, normFirst, activation);
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", "batch", seq, d);
        g.AddOutput(g.Rename(g.TransformerEncoderLayer(x, p), "y"), "batch", seq, d);
        float[] data = OrtRunner.Random(rng, batch * seq * d);
        var (y, _) = OrtRunner.Run(g.ToBytes(), "x", data, batch, seq, d);

        var expected = new List<float>();
        for (int b = 0; b < batch; b++)
        {
            var rows = Enumerable.Range(0, seq).Select(t => data.AsSpan(((b * seq) + t) * d, d).ToArray().Select(v => (double)v).ToArray()).ToArray();
            foreach (var row in ReferenceEncoder(rows, p))
            {
                expected.AddRange(row.Select(v => (float)v));
            }
        }

        OrtRunner.AssertClose(expected.ToArray(), y, 2e-5);
    }

    [Theory]
    [InlineData(true, "Relu", 4)]
    [InlineData(false, "Gelu", 2)]
    [InlineData(true, "Gelu", 1)]
    public void Last_step_encoder_layer_matches_the_full_layers_last_row(bool normFirst, string activationName, int heads)
    {
        var activation = Enum.Parse<FeedForwardActivation>(activationName);
        const int batch = 3, seq = 6, d = 8, ff = 12;
        var rng = new Random(17 + heads);
        var p = RandomEncoderWeights(rng, d, heads, ff, normFirst, activation);
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", "batch", seq, d);
        g.AddOutput(g.Rename(g.LastStepEncoderLayer(x, p), "y"), "batch", d);
        float[] data = OrtRunner.Random(rng, batch * seq * d, 2.0);
        var (y, shape) = OrtRunner.Run(g.ToBytes(), "x", data, batch, seq, d);

        Assert.Equal(new[] { batch, d }, shape);
        var expected = new List<float>();
        for (int b = 0; b < batch; b++)
        {
            var rows = Enumerable.Range(0, seq).Select(t => data.AsSpan(((b * seq) + t) * d, d).ToArray().Select(v => (double)v).ToArray()).ToArray();
            expected.AddRange(ReferenceEncoder(rows, p)[^1].Select(v => (float)v));
        }

        OrtRunner.AssertClose(expected.ToArray(), y, 2e-5);
    }

    [Fact]
    public void Gelu_erf_matches_exact_gelu()
    {
        var g = new OnnxGraphBuilder();
        string x = g.AddInput("x", 5);
        g.AddOutput(g.Rename(g.GeluErf(x), "y"), 5);
        float[] input = [-2f, -0.5f, 0f, 0.7f, 1.9f];
        var (y, _) = OrtRunner.Run(g.ToBytes(), "x", input, 5);
        float[] expected = input.Select(v => (float)(0.5 * v * (1 + ReferenceMath.Erf(v / Math.Sqrt(2))))).ToArray();
        OrtRunner.AssertClose(expected, y, 1e-6);
    }

    private static TransformerEncoderLayerWeights RandomEncoderWeights(Random rng, int d, int heads, int ff, bool normFirst, FeedForwardActivation activation) => new()
    {
        DModel = d,
        Heads = heads,
        FeedForward = ff,
        NormFirst = normFirst,
        Activation = activation,
        InProjWeight = OrtRunner.Random(rng, 3 * d * d, 0.4),
        InProjBias = OrtRunner.Random(rng, 3 * d, 0.1),
        OutProjWeight = OrtRunner.Random(rng, d * d, 0.4),
        OutProjBias = OrtRunner.Random(rng, d, 0.1),
        Linear1Weight = OrtRunner.Random(rng, ff * d, 0.4),
        Linear1Bias = OrtRunner.Random(rng, ff, 0.1),
        Linear2Weight = OrtRunner.Random(rng, d * ff, 0.4),
        Linear2Bias = OrtRunner.Random(rng, d, 0.1),
        Norm1Weight = OrtRunner.Random(rng, d).Select(v => 1 + (0.2f * v)).ToArray(),
        Norm1Bias = OrtRunner.Random(rng, d, 0.1),
        Norm2Weight = OrtRunner.Random(rng, d).Select(v => 1 + (0.2f * v)).ToArray(),
        Norm2Bias = OrtRunner.Random(rng, d, 0.1),
    };

    private static double[][] ReferenceEncoder(double[][] x, TransformerEncoderLayerWeights p)
    {
        int d = p.DModel;
        double eps = p.LayerNormEpsilon;
        double[][] Map(double[][] rows, Func<double[], double[]> f) => rows.Select(f).ToArray();
        double[][] AddRows(double[][] a, double[][] b) => a.Select((r, i) => r.Select((v, j) => v + b[i][j]).ToArray()).ToArray();
        double[][] Norm1(double[][] r) => Map(r, v => ReferenceMath.LayerNorm(v, p.Norm1Weight.Span, p.Norm1Bias.Span, eps));
        double[][] Norm2(double[][] r) => Map(r, v => ReferenceMath.LayerNorm(v, p.Norm2Weight.Span, p.Norm2Bias.Span, eps));
        double[][] FeedForward(double[][] r) => Map(r, v =>
        {
            var hidden = ReferenceMath.Linear(v, p.Linear1Weight.Span, p.Linear1Bias.Span, p.FeedForward)
                .Select(h => p.Activation == FeedForwardActivation.Relu ? Math.Max(0, h) : 0.5 * h * (1 + ReferenceMath.Erf(h / Math.Sqrt(2))))
                .ToArray();
            return ReferenceMath.Linear(hidden, p.Linear2Weight.Span, p.Linear2Bias.Span, d);
        });
        double[][] Attention(double[][] r)
        {
            var inW = p.InProjWeight.ToArray();
            var inB = p.InProjBias.ToArray();
            var qkv = r.Select(v => ReferenceMath.Linear(v, inW, inB, 3 * d)).ToArray();
            int dh = d / p.Heads;
            var context = r.Select(_ => new double[d]).ToArray();
            for (int head = 0; head < p.Heads; head++)
            {
                for (int i = 0; i < r.Length; i++)
                {
                    var scores = new double[r.Length];
                    for (int j = 0; j < r.Length; j++)
                    {
                        for (int k = 0; k < dh; k++)
                        {
                            scores[j] += qkv[i][(head * dh) + k] * qkv[j][d + (head * dh) + k];
                        }

                        scores[j] /= Math.Sqrt(dh);
                    }

                    var a = ReferenceMath.Softmax(scores);
                    for (int j = 0; j < r.Length; j++)
                    {
                        for (int k = 0; k < dh; k++)
                        {
                            context[i][(head * dh) + k] += a[j] * qkv[j][(2 * d) + (head * dh) + k];
                        }
                    }
                }
            }

            var outW = p.OutProjWeight.Span.ToArray();
            var outB = p.OutProjBias.Span.ToArray();
            return Map(context, v => ReferenceMath.Linear(v, outW, outB, d));
        }

        if (p.NormFirst)
        {
            var h = AddRows(x, Attention(Norm1(x)));
            return AddRows(h, FeedForward(Norm2(h)));
        }

        var a = Norm1(AddRows(x, Attention(x)));
        return Norm2(AddRows(a, FeedForward(a)));
    }
}
