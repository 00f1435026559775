namespace PredictionSdk.Models.Training.Onnx;

/// <summary>PyTorch-layout weights of one direction of one LSTM layer.</summary>
/// <param name="WeightIh"><c>weight_ih</c>, [4·hidden, input], gates i, f, g, o.</param>
/// <param name="WeightHh"><c>weight_hh</c>, [4·hidden, hidden], gates i, f, g, o.</param>
/// <param name="BiasIh"><c>bias_ih</c>, [4·hidden], or empty.</param>
/// <param name="BiasHh"><c>bias_hh</c>, [4·hidden], or empty.</param>
internal sealed record LstmDirectionWeights(ReadOnlyMemory<float> WeightIh, ReadOnlyMemory<float> WeightHh, ReadOnlyMemory<float> BiasIh, ReadOnlyMemory<float> BiasHh);

/// <summary>Activation of a transformer feed-forward block.</summary>
internal enum FeedForwardActivation
{
    /// <summary>ReLU.</summary>
    Relu,

    /// <summary>Exact (erf) GELU.</summary>
    Gelu,
}

/// <summary>PyTorch-layout weights of a transformer encoder layer (self-attention + feed-forward, each with a residual and a layer norm).</summary>
internal sealed record TransformerEncoderLayerWeights
{
    /// <summary>Model width.</summary>
    public required int DModel { get; init; }

    /// <summary>Attention heads; must divide <see cref="DModel"/>.</summary>
    public required int Heads { get; init; }

    /// <summary>Hidden width of the feed-forward block.</summary>
    public required int FeedForward { get; init; }

    /// <summary>True for pre-norm (norm before each block), false for PyTorch's default post-norm.</summary>
    public bool NormFirst { get; init; }

    /// <summary>Feed-forward activation.</summary>
    public FeedForwardActivation Activation { get; init; } = FeedForwardActivation.Relu;

    /// <summary>Layer norm epsilon.</summary>
    public float LayerNormEpsilon { get; init; } = 1e-5f;

    /// <summary><c>self_attn.in_proj_weight</c>, [3·d, d] (query, key, value stacked).</summary>
    public required ReadOnlyMemory<float> InProjWeight { get; init; }

    /// <summary><c>self_attn.in_proj_bias</c>, [3·d].</summary>
    public required ReadOnlyMemory<float> InProjBias { get; init; }

    /// <summary><c>self_attn.out_proj.weight</c>, [d, d].</summary>
    public required ReadOnlyMemory<float> OutProjWeight { get; init; }

    /// <summary><c>self_attn.out_proj.bias</c>, [d].</summary>
    public required ReadOnlyMemory<float> OutProjBias { get; init; }

    /// <summary><c>linear1.weight</c>, [ff, d].</summary>
    public required ReadOnlyMemory<float> Linear1Weight { get; init; }

    /// <summary><c>linear1.bias</c>, [ff].</summary>
    public required ReadOnlyMemory<float> Linear1Bias { get; init; }

    /// <summary><c>linear2.weight</c>, [d, ff].</summary>
    public required ReadOnlyMemory<float> Linear2Weight { get; init; }

    /// <summary><c>linear2.bias</c>, [d].</summary>
    public required ReadOnlyMemory<float> Linear2Bias { get; init; }

    /// <summary><c>norm1.weight</c>, [d].</summary>
    public required ReadOnlyMemory<float> Norm1Weight { get; init; }

    /// <summary><c>norm1.bias</c>, [d].</summary>
    public required ReadOnlyMemory<float> Norm1Bias { get; init; }

    /// <summary><c>norm2.weight</c>, [d].</summary>
    public required ReadOnlyMemory<float> Norm2Weight { get; init; }

    /// <summary><c>norm2.bias</c>, [d].</summary>
    public required ReadOnlyMemory<float> Norm2Bias { get; init; }
}

/// <summary>Network layers built from ONNX operators, taking weights in PyTorch's layouts.</summary>
internal static class OnnxLayers
{
    // ONNX orders LSTM gates i, o, f, c; PyTorch i, f, g, o. Entry k: the PyTorch gate block for ONNX slot k.
    private static readonly int[] s_torchGateForOnnxSlot = [0, 3, 1, 2];

    /// <summary>
    /// One LSTM layer (forward, or bidirectional when two directions are given) over a sequence-first
    /// input [seq, batch, <paramref name="inputSize"/>]; returns [seq, batch, directions·<paramref name="hiddenSize"/>]
    /// with the forward direction first, as PyTorch concatenates them. Zero initial state.
    /// </summary>
    public static string Lstm(this OnnxGraphBuilder g, string x, int inputSize, int hiddenSize, IReadOnlyList<LstmDirectionWeights> directions, string name = "lstm")
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(directions);
        if (directions.Count is not (1 or 2))
        {
            throw new ArgumentException("An LSTM layer has one or two directions.", nameof(directions));
        }

        int dirs = directions.Count;
        int gates = 4 * hiddenSize;
        var w = new float[dirs * gates * inputSize];
        var r = new float[dirs * gates * hiddenSize];
        var b = new float[dirs * 2 * gates];
        for (int d = 0; d < dirs; d++)
        {
            var p = directions[d];
            Check(p.WeightIh, gates * inputSize, name, "weight_ih");
            Check(p.WeightHh, gates * hiddenSize, name, "weight_hh");
            ReorderGates(p.WeightIh.Span, w.AsSpan(d * gates * inputSize, gates * inputSize), hiddenSize * inputSize);
            ReorderGates(p.WeightHh.Span, r.AsSpan(d * gates * hiddenSize, gates * hiddenSize), hiddenSize * hiddenSize);
            if (!p.BiasIh.IsEmpty)
            {
                Check(p.BiasIh, gates, name, "bias_ih");
                ReorderGates(p.BiasIh.Span, b.AsSpan(d * 2 * gates, gates), hiddenSize);
            }

            if (!p.BiasHh.IsEmpty)
            {
                Check(p.BiasHh, gates, name, "bias_hh");
                ReorderGates(p.BiasHh.Span, b.AsSpan((d * 2 * gates) + gates, gates), hiddenSize);
            }
        }

        string wName = g.AddInitializer(name + "_W", w, dirs, gates, inputSize);
        string rName = g.AddInitializer(name + "_R", r, dirs, gates, hiddenSize);
        string bName = g.AddInitializer(name + "_B", b, dirs, 2 * gates);
        string y = g.AddNode(
            "LSTM",
            [x, wName, rName, bName],
            OnnxAttribute.Int("hidden_size", hiddenSize),
            OnnxAttribute.String("direction", dirs == 2 ? "bidirectional" : "forward"));

        // Y is [seq, dirs, batch, hidden]; PyTorch's output is [seq, batch, dirs·hidden]. One direction needs no copy.
        if (dirs == 1)
        {
            return g.Squeeze(y, 1);
        }

        string swapped = g.Transpose(y, 0, 2, 1, 3);
        return g.Reshape(swapped, 0, 0, dirs * hiddenSize);
    }

    /// <summary>
    /// Multi-head self-attention on a batch-first input [batch, seq, d] with PyTorch's packed
    /// <c>in_proj</c> weights; no mask.
    /// </summary>
    public static string SelfAttention(this OnnxGraphBuilder g, string x, TransformerEncoderLayerWeights p, string name = "attn")
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(p);
        int d = p.DModel;
        if (p.Heads <= 0 || d % p.Heads != 0)
        {
            throw new ArgumentException($"{name}: {p.Heads} heads do not divide model width {d}.", nameof(p));
        }

        int dh = d / p.Heads;
        Check(p.InProjWeight, 3 * d * d, name, "in_proj_weight");
        Check(p.InProjBias, 3 * d, name, "in_proj_bias");
        var inW = p.InProjWeight.Span;
        var inB = p.InProjBias.Span;
        string q = g.Linear(x, inW[..(d * d)], inB[..d], d, d, name + "_q");
        string k = g.Linear(x, inW.Slice(d * d, d * d), inB.Slice(d, d), d, d, name + "_k");
        string v = g.Linear(x, inW.Slice(2 * d * d, d * d), inB.Slice(2 * d, d), d, d, name + "_v");

        string qh = g.Transpose(g.Reshape(q, 0, 0, p.Heads, dh), 0, 2, 1, 3);   // [b, h, s, dh]
        string kt = g.Transpose(g.Reshape(k, 0, 0, p.Heads, dh), 0, 2, 3, 1);   // [b, h, dh, s]
        string vh = g.Transpose(g.Reshape(v, 0, 0, p.Heads, dh), 0, 2, 1, 3);   // [b, h, s, dh]
        string scaled = g.Mul(qh, g.Scalar(name + "_scale", (float)(1.0 / Math.Sqrt(dh))));
        string weights = g.Softmax(g.MatMul(scaled, kt), -1);
        string context = g.Transpose(g.MatMul(weights, vh), 0, 2, 1, 3);       // [b, s, h, dh]
        string merged = g.Reshape(context, 0, 0, d);
        return g.Linear(merged, p.OutProjWeight.Span, p.OutProjBias.Span, d, d, name + "_out");
    }

    /// <summary>The first or second layer norm of an encoder layer.</summary>
    internal static string EncoderNorm(this OnnxGraphBuilder g, string t, TransformerEncoderLayerWeights p, bool second, string name) => second
        ? g.LayerNorm(t, p.Norm2Weight.Span, p.Norm2Bias.Span, p.LayerNormEpsilon, name + "_norm2")
        : g.LayerNorm(t, p.Norm1Weight.Span, p.Norm1Bias.Span, p.LayerNormEpsilon, name + "_norm1");

    /// <summary>The feed-forward block of an encoder layer: linear, ReLU or exact GELU, linear.</summary>
    internal static string EncoderFeedForward(this OnnxGraphBuilder g, string t, TransformerEncoderLayerWeights p, string name)
    {
        string h = g.Linear(t, p.Linear1Weight.Span, p.Linear1Bias.Span, p.DModel, p.FeedForward, name + "_ff1");
        h = p.Activation == FeedForwardActivation.Gelu ? g.GeluErf(h) : g.Relu(h);
        return g.Linear(h, p.Linear2Weight.Span, p.Linear2Bias.Span, p.FeedForward, p.DModel, name + "_ff2");
    }

    /// <summary>
    /// A transformer encoder layer on a batch-first input [batch, seq, d], post-norm (PyTorch's default)
    /// or pre-norm; dropout is the identity at inference.
    /// </summary>
    public static string TransformerEncoderLayer(this OnnxGraphBuilder g, string x, TransformerEncoderLayerWeights p, string name = "encoder")
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(p);
        int d = p.DModel;
        string Norm1(string t) => g.EncoderNorm(t, p, second: false, name);
        string Norm2(string t) => g.EncoderNorm(t, p, second: true, name);
        string FeedForward(string t) => g.EncoderFeedForward(t, p, name);

        if (p.NormFirst)
        {
            string h = g.Add(x, g.SelfAttention(Norm1(x), p, name + "_attn"));
            return g.Add(h, FeedForward(Norm2(h)));
        }

        string a = Norm1(g.Add(x, g.SelfAttention(x, p, name + "_attn")));
        return Norm2(g.Add(a, FeedForward(a)));
    }

    private static void ReorderGates(ReadOnlySpan<float> torch, Span<float> onnx, int block)
    {
        for (int slot = 0; slot < 4; slot++)
        {
            torch.Slice(s_torchGateForOnnxSlot[slot] * block, block).CopyTo(onnx.Slice(slot * block, block));
        }
    }

    private static void Check(ReadOnlyMemory<float> values, int expected, string layer, string what)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException($"{layer}: {what} has {values.Length} values, expected {expected}.");
        }
    }
}
