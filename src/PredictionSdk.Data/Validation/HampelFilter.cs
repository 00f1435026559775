using System.Globalization;

namespace PredictionSdk.Data.Validation;

/// <summary>
/// Hampel filter on log returns of the close: a return is an outlier when its distance from the median of the
/// centred window exceeds <c>threshold × 1.4826 × MAD</c>. When the MAD is zero (flat windows), the mean absolute
/// deviation × 1.2533 stands in, so one spike in a flat market is still caught. Returns across a gap (e.g. an
/// overnight break) are not bar-to-bar returns and are neither tested nor used in windows.
/// </summary>
internal static class HampelFilter
{
    public static void Find(List<(Candle Candle, int Index)> series, IReadOnlyList<CandleRow> rows, bool withLines, CandleValidationOptions options, List<DataIssue> issues)
    {
        int n = series.Count - 1;
        if (n < 3)
        {
            return;
        }

        var returns = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = series[i].Candle.Close, b = series[i + 1].Candle.Close;
            bool adjacent = series[i + 1].Candle.Timestamp - series[i].Candle.Timestamp == options.Interval.Duration;
            returns[i] = adjacent && a > 0 && b > 0 && double.IsFinite(a) && double.IsFinite(b) ? Math.Log(b / a) : double.NaN;
        }

        int k = options.OutlierHalfWindow;
        var window = new double[(2 * k) + 1];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(returns[i]))
            {
                continue;
            }

            int count = 0;
            for (int j = Math.Max(0, i - k); j <= Math.Min(n - 1, i + k); j++)
            {
                if (!double.IsNaN(returns[j]))
                {
                    window[count++] = returns[j];
                }
            }

            if (count < 5)
            {
                continue;
            }

            var values = window.AsSpan(0, count);
            double median = Median(values);
            double deviation = Math.Abs(returns[i] - median);
            double meanAbs = 0;
            for (int j = 0; j < count; j++)
            {
                values[j] = Math.Abs(values[j] - median);
                meanAbs += values[j];
            }

            double scale = 1.4826 * Median(values);
            if (scale == 0)
            {
                scale = 1.2533 * meanAbs / count;
            }

            if (scale > 0 && deviation > options.OutlierThreshold * scale)
            {
                var (candle, index) = series[i + 1];
                long? line = withLines ? rows[index].LineNumber : null;
                string detail = string.Create(CultureInfo.InvariantCulture, $"return {returns[i]:+0.####%;-0.####%} is {deviation / scale:0.0} robust σ from the window median {median:+0.####%;-0.####%}");
                issues.Add(new DataIssue(DataIssueKind.Outlier, index, line, candle.Timestamp, "close", CandleValidator.Text(candle.Close), detail, DataIssueAction.Reported));
            }
        }
    }

    private static double Median(Span<double> values)
    {
        values.Sort();
        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
