using System.Text.Json;
using System.Text.Json.Serialization;

namespace PredictionSdk.Models.Features;

/// <summary>
/// Per-feature robust scaling: <c>(x − median) / IQR</c>, clipped to ±<see cref="Clip"/>. Fit on the
/// training window only and stored in the model bundle; a feature with no spread (IQR 0) is only centred.
/// </summary>
public sealed record RobustScaler
{
    /// <summary>Creates a scaler from fitted statistics.</summary>
    [JsonConstructor]
    public RobustScaler(IReadOnlyList<string> featureNames, IReadOnlyList<float> medians, IReadOnlyList<float> scales, float clip = DefaultClip)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(medians);
        ArgumentNullException.ThrowIfNull(scales);
        if (medians.Count != featureNames.Count || scales.Count != featureNames.Count)
        {
            throw new ArgumentException($"A scaler needs one median and one scale per feature: {featureNames.Count} names, {medians.Count} medians, {scales.Count} scales.");
        }

        if (scales.Any(s => !(s > 0) || !float.IsFinite(s)) || medians.Any(m => !float.IsFinite(m)) || !(clip > 0))
        {
            throw new ArgumentException("Scaler medians must be finite, scales finite and positive, and the clip positive.");
        }

        FeatureNames = featureNames;
        Medians = medians;
        Scales = scales;
        Clip = clip;
    }

    /// <summary>Default clip, in IQRs: keeps rare jumps from dominating a model's input.</summary>
    public const float DefaultClip = 20f;

    /// <summary>Feature names, in column order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Median of each feature over the fitting rows.</summary>
    public IReadOnlyList<float> Medians { get; }

    /// <summary>Interquartile range of each feature (1 where it is 0).</summary>
    public IReadOnlyList<float> Scales { get; }

    /// <summary>Scaled values are clipped to [−Clip, Clip].</summary>
    public float Clip { get; }

    /// <summary>Number of features.</summary>
    [JsonIgnore]
    public int FeatureCount => FeatureNames.Count;

    /// <summary>Fits medians and IQRs to the rows <paramref name="firstRow"/> … <paramref name="firstRow"/> + <paramref name="rowCount"/> − 1 of a row-major matrix.</summary>
    public static RobustScaler Fit(IReadOnlyList<string> featureNames, ReadOnlySpan<float> values, int firstRow, int rowCount, float clip = DefaultClip)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        int columns = featureNames.Count;
        if (rowCount < 2)
        {
            throw new InsufficientDataException("Fitting a robust scaler", 2, rowCount);
        }

        if ((long)(firstRow + rowCount) * columns > values.Length || firstRow < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), "The fitting rows lie outside the matrix.");
        }

        var medians = new float[columns];
        var scales = new float[columns];
        var column = new float[rowCount];
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rowCount; i++)
            {
                column[i] = values[((firstRow + i) * columns) + j];
            }

            Array.Sort(column);
            medians[j] = Quantile(column, 0.5);
            float iqr = Quantile(column, 0.75) - Quantile(column, 0.25);
            scales[j] = iqr > 1e-12f && float.IsFinite(iqr) ? iqr : 1f;
        }

        return new RobustScaler(featureNames.ToArray(), medians, scales, clip);
    }

    /// <summary>Scales one row in place.</summary>
    public void Transform(Span<float> row)
    {
        if (row.Length != FeatureNames.Count)
        {
            throw new ArgumentException($"Row has {row.Length} values; the scaler was fit on {FeatureNames.Count} features.", nameof(row));
        }

        for (int j = 0; j < row.Length; j++)
        {
            row[j] = Math.Clamp((row[j] - Medians[j]) / Scales[j], -Clip, Clip);
        }
    }

    /// <summary>Scales a source row into a destination row.</summary>
    public void Transform(ReadOnlySpan<float> source, Span<float> destination)
    {
        source.CopyTo(destination);
        Transform(destination[..source.Length]);
    }

    /// <summary>Maps one scaled value of feature <paramref name="column"/> back to its raw value (exact unless it was clipped).</summary>
    public float Inverse(int column, float scaled) => (scaled * Scales[column]) + Medians[column];

    /// <summary>Serialises the scaler to JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ScalerJsonContext.Default.RobustScaler);

    /// <summary>Reads a scaler written by <see cref="ToJson"/>.</summary>
    public static RobustScaler FromJson(string json) =>
        JsonSerializer.Deserialize(json, ScalerJsonContext.Default.RobustScaler) ?? throw new ArgumentException("Scaler JSON is empty.", nameof(json));

    /// <inheritdoc />
    public bool Equals(RobustScaler? other) =>
        other is not null && Clip == other.Clip && FeatureNames.SequenceEqual(other.FeatureNames)
        && Medians.SequenceEqual(other.Medians) && Scales.SequenceEqual(other.Scales);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(FeatureNames.Count, Clip, Medians.Count > 0 ? Medians[0] : 0);

    // Linear interpolation between order statistics (the common "type 7" definition).
    private static float Quantile(float[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = position - lower;
        return (float)(sorted[lower] + ((sorted[upper] - sorted[lower]) * fraction));
    }
}
