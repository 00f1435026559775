namespace PredictionSdk.Models.Training.Onnx;

/// <summary>
/// One dimension of a graph input or output shape: a fixed size or a symbolic name such as <c>batch</c>
/// that ONNX Runtime binds at run time.
/// </summary>
internal readonly record struct OnnxDim
{
    private OnnxDim(long size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>Fixed size, or -1 when the dimension is symbolic.</summary>
    public long Size { get; }

    /// <summary>Symbolic name, or <see langword="null"/> when the dimension is fixed.</summary>
    public string? Symbol { get; }

    /// <summary>A fixed dimension.</summary>
    public static OnnxDim Fixed(long size) =>
        size >= 0 ? new OnnxDim(size, null) : throw new ArgumentOutOfRangeException(nameof(size), size, "A dimension cannot be negative.");

    /// <summary>A symbolic dimension, bound when the model runs.</summary>
    public static OnnxDim Named(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new OnnxDim(-1, symbol);
    }

    /// <summary>A fixed dimension.</summary>
    public static implicit operator OnnxDim(long size) => Fixed(size);

    /// <summary>A symbolic dimension.</summary>
    public static implicit operator OnnxDim(string symbol) => Named(symbol);

    /// <summary>A fixed dimension.</summary>
    public static OnnxDim FromInt64(long size) => Fixed(size);

    /// <summary>A symbolic dimension.</summary>
    public static OnnxDim FromString(string symbol) => Named(symbol);

    /// <inheritdoc />
    public override string ToString() => Symbol ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
