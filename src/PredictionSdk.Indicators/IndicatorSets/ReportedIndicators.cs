namespace PredictionSdk.Indicators;

/// <summary>
/// The indicators PredictionSdk reports beside prices — on every <see cref="Prediction"/>, on the live indicator tap and
/// in the server's candle answers: RSI(14), MACD(12, 26, 9) and Bollinger Bands(20, 2). Defined once here as an
/// <see cref="IndicatorSet"/>, so every place that reports them computes the same columns the same way.
/// </summary>
/// <example>
/// <code>
/// var reported = ReportedIndicators.Create();
/// foreach (Candle bar in history) reported.Add(bar);
/// ReportedIndicatorValues now = ReportedIndicators.Read(reported.Values);
/// </code>
/// </example>
public static class ReportedIndicators
{
    /// <summary>RSI(14) column.</summary>
    public const string Rsi = "rsi14";

    /// <summary>MACD(12, 26) line column.</summary>
    public const string Macd = "macd";

    /// <summary>MACD signal line (9) column.</summary>
    public const string MacdSignal = "macd_signal";

    /// <summary>MACD histogram column.</summary>
    public const string MacdHistogram = "macd_hist";

    /// <summary>Upper Bollinger band (20, 2) column.</summary>
    public const string BollingerUpper = "bb_upper";

    /// <summary>Middle Bollinger band (the 20-bar SMA) column.</summary>
    public const string BollingerMiddle = "bb_middle";

    /// <summary>Lower Bollinger band column.</summary>
    public const string BollingerLower = "bb_lower";

    /// <summary>Closed bars after which every column has a value: the MACD signal line needs 26 + 9 − 1.</summary>
    public const int WarmUpBars = 34;

    /// <summary>Column names of <see cref="Create"/>, in the order of <see cref="IndicatorSet.Values"/>.</summary>
    public static IReadOnlyList<string> Columns { get; } = [Rsi, Macd, MacdSignal, MacdHistogram, BollingerUpper, BollingerMiddle, BollingerLower];

    /// <summary>A fresh set of the reported indicators (one per symbol and interval).</summary>
    public static IndicatorSet Create() => IndicatorSet.CreateBuilder().AddReported().Build();

    /// <summary>Adds RSI(14), MACD(12, 26, 9) and Bollinger(20, 2) with the <see cref="Columns"/> names.</summary>
    public static IndicatorSetBuilder AddReported(this IndicatorSetBuilder builder) => builder
        .AddRsi(14, Rsi)
        .AddMacd(12, 26, 9, Macd)
        .AddBollingerBands(20, 2, "bb");

    /// <summary>Reads a row of <see cref="Create"/>'s set (<see cref="IndicatorSet.Values"/> or a preview); NaN becomes null.</summary>
    /// <exception cref="ArgumentException">The row is not as wide as the reported set.</exception>
    public static ReportedIndicatorValues Read(ReadOnlySpan<double> row)
    {
        if (row.Length != Columns.Count)
        {
            throw new ArgumentException($"A row of the reported indicators has {Columns.Count} values; this one has {row.Length}.", nameof(row));
        }

        return new ReportedIndicatorValues(
            Values.Nullable(row[0]),
            Values.Nullable(row[1]),
            Values.Nullable(row[2]),
            Values.Nullable(row[3]),
            Values.Nullable(row[4]),
            Values.Nullable(row[5]),
            Values.Nullable(row[6]));
    }
}

/// <summary>One bar's reported indicator values (<see cref="ReportedIndicators"/>); a value is null during its warm-up.</summary>
/// <param name="Rsi">RSI(14).</param>
/// <param name="Macd">MACD(12, 26) line.</param>
/// <param name="MacdSignal">MACD signal line (9).</param>
/// <param name="MacdHistogram">MACD line minus signal.</param>
/// <param name="BollingerUpper">Upper Bollinger band (20, 2).</param>
/// <param name="BollingerMiddle">Middle Bollinger band (20-bar SMA).</param>
/// <param name="BollingerLower">Lower Bollinger band.</param>
public readonly record struct ReportedIndicatorValues(
    double? Rsi, double? Macd, double? MacdSignal, double? MacdHistogram, double? BollingerUpper, double? BollingerMiddle, double? BollingerLower)
{
    /// <summary>The subset a <see cref="Prediction"/> carries.</summary>
    public TechnicalIndicators ToTechnicalIndicators() => new(Rsi, Macd, BollingerUpper, BollingerLower);
}
