using PredictionSdk.Models.Features;

namespace PredictionSdk.Cli;

/// <summary>
/// The two datasets of an external-series ablation: the same feature set without and with the series, cut to the
/// minutes both have, so the walk-forward folds of the two tables test the same bars and their scores compare.
/// </summary>
internal static class ExternalAblation
{
    /// <summary>
    /// Builds <c>(label, dataset)</c> without the series (labelled <paramref name="set"/>) and with them (labelled
    /// <c>set+name+…</c>). Rows where a required series is stale are not samples, so the dataset with the series may
    /// start later; both are cut to the common span.
    /// </summary>
    public static IReadOnlyList<(string Label, SupervisedDataset Data)> Build(IReadOnlyList<Candle> candles, FeatureSpec spec, IReadOnlyList<ExternalSeriesSpec> series, string set)
    {
        var without = SupervisedDataset.Build(candles, spec with { ExternalSeries = [] });
        var with = SupervisedDataset.Build(candles, spec with { ExternalSeries = series });
        if (with.Count == 0)
        {
            throw new ArgumentException($"--external: no bar of the input has a public value of {string.Join(", ", series.Select(s => s.Name))} within its max age; check the file's time span and the lag.");
        }

        return Pair(without, with, set, $"{set}+{string.Join('+', series.Select(s => s.Name))}");
    }

    /// <summary>
    /// Builds <c>(label, dataset)</c> without context symbols (labelled <paramref name="set"/>) and with them (labelled
    /// <c>set+context</c>), cut to the common span the same way: rows whose context bar is missing beyond its age limit
    /// are not samples of the second.
    /// </summary>
    public static IReadOnlyList<(string Label, SupervisedDataset Data)> BuildContext(IReadOnlyList<Candle> candles, FeatureSpec spec, IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>> context, string set)
    {
        var without = SupervisedDataset.Build(candles, spec with { Context = null });
        var with = SupervisedDataset.Build(candles, spec with { Context = ContextSpec.Of(context.Keys) }, context);
        return Pair(without, with, set, $"{set}+context");
    }

    private static IReadOnlyList<(string Label, SupervisedDataset Data)> Pair(SupervisedDataset without, SupervisedDataset with, string set, string label)
    {
        var from = Max(without.Timestamp(0), with.Timestamp(0));
        var to = Min(without.Timestamp(without.Count - 1), with.Timestamp(with.Count - 1));
        return [(set, Cut(without, from, to)), (label, Cut(with, from, to))];
    }

    private static SupervisedDataset Cut(SupervisedDataset data, DateTime from, DateTime to)
    {
        int start = 0;
        while (start < data.Count && data.Timestamp(start) < from)
        {
            start++;
        }

        int end = data.Count;
        while (end > start && data.Timestamp(end - 1) > to)
        {
            end--;
        }

        return start == 0 && end == data.Count ? data : data.Slice(start, end - start);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
