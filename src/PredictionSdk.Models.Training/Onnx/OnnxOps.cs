namespace PredictionSdk.Models.Training.Onnx;

/// <summary>Single ONNX operators (opset 17) as one-line calls on an <see cref="OnnxGraphBuilder"/>.</summary>
internal static class OnnxOps
{
    /// <summary><c>MatMul</c>: numpy-style matrix product.</summary>
    public static string MatMul(this OnnxGraphBuilder g, string a, string b) => g.AddNode("MatMul", [a, b]);

    /// <summary><c>Add</c> with broadcasting.</summary>
    public static string Add(this OnnxGraphBuilder g, string a, string b) => g.AddNode("Add", [a, b]);

    /// <summary><c>Sub</c> with broadcasting.</summary>
    public static string Sub(this OnnxGraphBuilder g, string a, string b) => g.AddNode("Sub", [a, b]);

    /// <summary><c>Mul</c> with broadcasting.</summary>
    public static string Mul(this OnnxGraphBuilder g, string a, string b) => g.AddNode("Mul", [a, b]);

    /// <summary><c>Div</c> with broadcasting.</summary>
    public static string Div(this OnnxGraphBuilder g, string a, string b) => g.AddNode("Div", [a, b]);

    /// <summary><c>Relu</c>.</summary>
    public static string Relu(this OnnxGraphBuilder g, string x) => g.AddNode("Relu", [x]);

    /// <summary><c>Sigmoid</c>.</summary>
    public static string Sigmoid(this OnnxGraphBuilder g, string x) => g.AddNode("Sigmoid", [x]);

    /// <summary><c>Tanh</c>.</summary>
    public static string Tanh(this OnnxGraphBuilder g, string x) => g.AddNode("Tanh", [x]);

    /// <summary><c>Erf</c>.</summary>
    public static string Erf(this OnnxGraphBuilder g, string x) => g.AddNode("Erf", [x]);

    /// <summary><c>Softmax</c> along <paramref name="axis"/>.</summary>
    public static string Softmax(this OnnxGraphBuilder g, string x, long axis = -1) =>
        g.AddNode("Softmax", [x], OnnxAttribute.Int("axis", axis));

    /// <summary><c>Transpose</c> with permutation <paramref name="perm"/>.</summary>
    public static string Transpose(this OnnxGraphBuilder g, string x, params long[] perm) =>
        g.AddNode("Transpose", [x], OnnxAttribute.Ints("perm", perm));

    /// <summary><c>Reshape</c>; 0 copies the input dimension, -1 is inferred.</summary>
    public static string Reshape(this OnnxGraphBuilder g, string x, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(shape);
        string s = g.AddInt64Initializer("shape", shape, shape.Length);
        return g.AddNode("Reshape", [x, s]);
    }

    /// <summary><c>Concat</c> along <paramref name="axis"/>.</summary>
    public static string Concat(this OnnxGraphBuilder g, long axis, params string[] inputs) =>
        g.AddNode("Concat", inputs, OnnxAttribute.Int("axis", axis));

    /// <summary><c>Gather</c> of one index along <paramref name="axis"/>, which removes that axis (negative indices count from the end).</summary>
    public static string Select(this OnnxGraphBuilder g, string x, long axis, long index)
    {
        ArgumentNullException.ThrowIfNull(g);
        string i = g.AddInt64Initializer("index", [index]);
        return g.AddNode("Gather", [x, i], OnnxAttribute.Int("axis", axis));
    }

    /// <summary><c>Unsqueeze</c>; from opset 13 the axes are an input.</summary>
    public static string Unsqueeze(this OnnxGraphBuilder g, string x, params long[] axes)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(axes);
        string a = g.AddInt64Initializer("axes", axes, axes.Length);
        return g.AddNode("Unsqueeze", [x, a]);
    }

    /// <summary><c>Squeeze</c>; from opset 13 the axes are an input.</summary>
    public static string Squeeze(this OnnxGraphBuilder g, string x, params long[] axes)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(axes);
        string a = g.AddInt64Initializer("axes", axes, axes.Length);
        return g.AddNode("Squeeze", [x, a]);
    }

    /// <summary>A float32 scalar constant.</summary>
    public static string Scalar(this OnnxGraphBuilder g, string name, float value)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g.AddInitializer(name, [value]);
    }

    /// <summary><c>LayerNormalization</c> over the last axis with weight <paramref name="gamma"/> and bias <paramref name="beta"/>.</summary>
    public static string LayerNorm(this OnnxGraphBuilder g, string x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon = 1e-5f, string name = "ln")
    {
        ArgumentNullException.ThrowIfNull(g);
        string scale = g.AddInitializer(name + "_weight", gamma, gamma.Length);
        string bias = g.AddInitializer(name + "_bias", beta, beta.Length);
        return g.AddNode("LayerNormalization", [x, scale, bias], OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon));
    }

    /// <summary>
    /// A fully connected layer in PyTorch layout: <c>y = x·Wᵀ + b</c> with <paramref name="weight"/> of shape
    /// [<paramref name="outFeatures"/>, <paramref name="inFeatures"/>] (row-major) and an optional bias.
    /// </summary>
    public static string Linear(this OnnxGraphBuilder g, string x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inFeatures, int outFeatures, string name = "linear")
    {
        ArgumentNullException.ThrowIfNull(g);
        if (weight.Length != inFeatures * outFeatures)
        {
            throw new ArgumentException($"{name}: weight has {weight.Length} values, expected {outFeatures}×{inFeatures}.", nameof(weight));
        }

        // Stored transposed ([in, out]) so the graph needs a plain MatMul.
        var transposed = new float[weight.Length];
        for (int o = 0; o < outFeatures; o++)
        {
            for (int i = 0; i < inFeatures; i++)
            {
                transposed[(i * outFeatures) + o] = weight[(o * inFeatures) + i];
            }
        }

        string w = g.AddInitializer(name + "_weight", transposed, inFeatures, outFeatures);
        string y = g.MatMul(x, w);
        if (bias.IsEmpty)
        {
            return y;
        }

        if (bias.Length != outFeatures)
        {
            throw new ArgumentException($"{name}: bias has {bias.Length} values, expected {outFeatures}.", nameof(bias));
        }

        return g.Add(y, g.AddInitializer(name + "_bias", bias, outFeatures));
    }

    /// <summary>Exact GELU as <c>0.5·x·(1 + erf(x/√2))</c>: opset 17 has no <c>Gelu</c> operator.</summary>
    public static string GeluErf(this OnnxGraphBuilder g, string x)
    {
        ArgumentNullException.ThrowIfNull(g);
        string scaled = g.Mul(x, g.Scalar("inv_sqrt2", (float)(1.0 / Math.Sqrt(2.0))));
        string onePlus = g.Add(g.Erf(scaled), g.Scalar("one", 1f));
        return g.Mul(g.Mul(x, onePlus), g.Scalar("half", 0.5f));
    }
}
