namespace PredictionSdk.Models.Training.Onnx;

/// <summary>
/// Layers for graphs that read only the last position of a sequence (as the forecast heads do). Every other
/// position's query, attention output, feed-forward block and norms are dead work there, and so are the per-position
/// key and value projections once they are folded into the query side; these layers emit only what the last
/// position needs, with the same result as the full layer up to float rounding.
/// </summary>
internal static class OnnxLastStepLayers
{
    /// <summary>
    /// The last position of <see cref="OnnxLayers.TransformerEncoderLayer"/>: batch-first [batch, seq, d] in,
    /// [batch, d] out (the full layer's output row <c>seq − 1</c>).
    /// </summary>
    public static string LastStepEncoderLayer(this OnnxGraphBuilder g, string x, TransformerEncoderLayerWeights p, string name = "encoder")
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(p);
        int d = p.DModel;
        string Norm1(string t) => g.EncoderNorm(t, p, second: false, name);
        string Norm2(string t) => g.EncoderNorm(t, p, second: true, name);
        string FeedForward(string t) => g.EncoderFeedForward(t, p, name);

        string last = g.Select(x, 1, -1);                                                    // [b, d]
        if (p.NormFirst)
        {
            string keys = Norm1(x);
            string h = g.Add(last, g.LastStepSelfAttention(keys, g.Select(keys, 1, -1), p, name + "_attn"));
            return g.Add(h, FeedForward(Norm2(h)));
        }

        string a = Norm1(g.Add(last, g.LastStepSelfAttention(x, last, p, name + "_attn")));
        return Norm2(g.Add(a, FeedForward(a)));
    }

    /// <summary>
    /// Multi-head self-attention output for the last position only: <paramref name="sequence"/> [batch, seq, d] is
    /// attended by <paramref name="query"/> [batch, d] (its last row); returns [batch, d], the row <c>seq − 1</c> of
    /// <see cref="OnnxLayers.SelfAttention"/>.
    /// </summary>
    /// <remarks>
    /// Per head, q·(W_k x_s + b_k) = (W_kᵀ q)·x_s + q·b_k and q·b_k is the same for every position, so it drops out
    /// of the softmax; and Σ_s a_s (W_v x_s + b_v) = W_v (Σ_s a_s x_s) + b_v because the weights sum to one. So the
    /// graph builds no per-position keys or values: one small projection of the query, two batched products with the
    /// sequence, and one projection (value and output weights multiplied ahead of time) back to width d.
    /// </remarks>
    public static string LastStepSelfAttention(this OnnxGraphBuilder g, string sequence, string query, TransformerEncoderLayerWeights p, string name = "attn")
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(p);
        int d = p.DModel, heads = p.Heads;
        if (heads <= 0 || d % heads != 0)
        {
            throw new ArgumentException($"{name}: {heads} heads do not divide model width {d}.", nameof(p));
        }

        if (p.InProjWeight.Length != 3 * d * d || p.InProjBias.Length != 3 * d || p.OutProjWeight.Length != d * d || p.OutProjBias.Length != d)
        {
            throw new ArgumentException($"{name}: attention weights do not match model width {d}.", nameof(p));
        }

        var (keyQuery, keyQueryBias) = KeyQueryProjection(p);
        var (valueOutput, valueOutputBias) = ValueOutputProjection(p);

        // u[b, i, h] = scale · Σ_j W_k[h·dh + j, i] · q[b, h·dh + j]: the query mapped back onto the input width.
        string u = g.Reshape(g.Linear(query, keyQuery, keyQueryBias, d, d * heads, name + "_qk"), 0, d, heads);
        string scores = g.Transpose(g.MatMul(sequence, u), 0, 2, 1);                        // [b, heads, seq]
        string weights = g.Softmax(scores, -1);
        string mixed = g.Reshape(g.MatMul(weights, sequence), 0, heads * d);                // [b, heads·d]
        return g.Linear(mixed, valueOutput, valueOutputBias, heads * d, d, name + "_vo");
    }

    /// <summary>PyTorch-layout [d·heads, d] weight and bias of u = scale · W_kᵀ (W_q x + b_q), output index i·heads + h.</summary>
    private static (float[] Weight, float[] Bias) KeyQueryProjection(TransformerEncoderLayerWeights p)
    {
        int d = p.DModel, heads = p.Heads, dh = d / heads;
        var w = p.InProjWeight.Span;
        var b = p.InProjBias.Span;
        var wq = w[..(d * d)];
        var wk = w.Slice(d * d, d * d);
        double scale = 1.0 / Math.Sqrt(dh);
        var weight = new float[d * heads * d];
        var bias = new float[d * heads];
        for (int i = 0; i < d; i++)
        {
            for (int h = 0; h < heads; h++)
            {
                int row = (i * heads) + h;
                double biasSum = 0;
                for (int j = 0; j < dh; j++)
                {
                    int m = (h * dh) + j;
                    biasSum += (double)wk[(m * d) + i] * b[m];
                }

                bias[row] = (float)(scale * biasSum);
                for (int k = 0; k < d; k++)
                {
                    double sum = 0;
                    for (int j = 0; j < dh; j++)
                    {
                        int m = (h * dh) + j;
                        sum += (double)wk[(m * d) + i] * wq[(m * d) + k];
                    }

                    weight[(row * d) + k] = (float)(scale * sum);
                }
            }
        }

        return (weight, bias);
    }

    /// <summary>PyTorch-layout [d, heads·d] weight and bias of W_o (per-head W_v z_h + b_v) + b_o, input index h·d + i.</summary>
    private static (float[] Weight, float[] Bias) ValueOutputProjection(TransformerEncoderLayerWeights p)
    {
        int d = p.DModel, heads = p.Heads, dh = d / heads;
        var wv = p.InProjWeight.Span.Slice(2 * d * d, d * d);
        var bv = p.InProjBias.Span.Slice(2 * d, d);
        var wo = p.OutProjWeight.Span;
        var bo = p.OutProjBias.Span;
        var weight = new float[d * heads * d];
        var bias = new float[d];
        for (int o = 0; o < d; o++)
        {
            double biasSum = bo[o];
            for (int m = 0; m < d; m++)
            {
                biasSum += (double)wo[(o * d) + m] * bv[m];
            }

            bias[o] = (float)biasSum;
            for (int h = 0; h < heads; h++)
            {
                for (int i = 0; i < d; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < dh; j++)
                    {
                        int m = (h * dh) + j;
                        sum += (double)wo[(o * d) + m] * wv[(m * d) + i];
                    }

                    weight[(o * heads * d) + (h * d) + i] = (float)sum;
                }
            }
        }

        return (weight, bias);
    }
}
