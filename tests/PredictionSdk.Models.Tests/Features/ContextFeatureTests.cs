using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features;

public class ContextFeatureTests
{
    private static readonly Symbol Fil = Symbol.Parse("FIL-USDT");

    private static IReadOnlyList<Candle> Near(int count) => TestData.Load("NEARUSDT-1m-2023-02-01", count);

    private static IReadOnlyList<Candle> FilBars(int count) => TestData.Load("FILUSDT-1m-2023-02-01", count);

    // Without the 1h scale the rows are ready after 225 bars, so a day of bars has usable rows to test.
    private static FeatureSpec Spec(bool orderFlow = true, int maxAge = 2) => FeatureSpec.Default() with
    {
        MultiScaleIntervals = ["5m", "15m"],
        OrderFlowWindows = orderFlow ? FeatureSpec.DefaultOrderFlowWindows : [],
        Context = new ContextSpec { Symbols = [Fil.Value], MaxAgeBars = maxAge },
    };

    private static Dictionary<Symbol, IReadOnlyList<Candle>> Context(IReadOnlyList<Candle> fil) => new() { [Fil] = fil };

    private static int Column(FeatureMatrix matrix, string name) => matrix.FeatureNames.ToList().IndexOf(name);

    [Fact]
    public void Context_columns_follow_their_definitions_and_leave_the_other_columns_unchanged()
    {
        var near = Near(400);
        var fil = FilBars(400);
        var plain = FeaturePipeline.Transform(near, Spec() with { Context = null });
        var with = FeaturePipeline.TransformWithContext(near, Spec(), Context(fil));
        Assert.Equal(
            ["ctx_FIL-USDT_ret_1", "ctx_FIL-USDT_ret_5", "ctx_FIL-USDT_ret_15", "ctx_FIL-USDT_rv_5", "ctx_FIL-USDT_rv_15",
             "ctx_FIL-USDT_taker_buy_share_5", "ctx_FIL-USDT_taker_buy_share_15", "ctx_FIL-USDT_age"],
            with.FeatureNames.Skip(plain.Columns));
        for (int i = 0; i < near.Count; i++)
        {
            Assert.True(plain.Row(i).SequenceEqual(with.Row(i)[..plain.Columns]), $"row {i}");
        }

        int t = 300;
        Assert.Equal((float)Math.Log(fil[t].Close / fil[t - 1].Close), with.Row(t)[Column(with, "ctx_FIL-USDT_ret_1")]);
        Assert.Equal((float)Math.Log(fil[t].Close / fil[t - 15].Close), with.Row(t)[Column(with, "ctx_FIL-USDT_ret_15")], 6);
        var returns = Enumerable.Range(t - 4, 5).Select(i => Math.Log(fil[i].Close / fil[i - 1].Close)).ToArray();
        double mean = returns.Average();
        Assert.Equal((float)Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / 5), with.Row(t)[Column(with, "ctx_FIL-USDT_rv_5")], 6);
        double bought = fil.Skip(t - 4).Take(5).Sum(c => c.TakerBuyVolume), traded = fil.Skip(t - 4).Take(5).Sum(c => c.Volume);
        Assert.Equal((float)((2 * bought / traded) - 1), with.Row(t)[Column(with, "ctx_FIL-USDT_taker_buy_share_5")], 5);
        Assert.Equal(0f, with.Row(t)[Column(with, "ctx_FIL-USDT_age")]);
    }

    [Fact]
    public void Changing_or_removing_future_context_bars_never_changes_earlier_rows()
    {
        var near = Near(500);
        var fil = FilBars(500);
        var baseline = FeaturePipeline.TransformWithContext(near, Spec(), Context(fil));
        const int cut = 350;

        // Future context bars: prices doubled, order flow flipped, or gone altogether.
        var changed = fil.Select((c, i) => i < cut ? c : c with { Open = c.Open * 2, High = c.High * 2, Low = c.Low * 2, Close = c.Close * 2, TakerBuyVolume = c.Volume - c.TakerBuyVolume }).ToArray();
        var truncated = fil.Take(cut).ToArray();
        foreach (var other in new[] { FeaturePipeline.TransformWithContext(near, Spec(), Context(changed)), FeaturePipeline.TransformWithContext(near, Spec(), Context(truncated)) })
        {
            for (int i = 0; i < cut; i++)
            {
                Assert.True(baseline.Row(i).SequenceEqual(other.Row(i)), $"row {i} changed");
                Assert.Equal(baseline.Ready[i], other.Ready[i]);
            }

            Assert.False(baseline.Row(cut + 5).SequenceEqual(other.Row(cut + 5)));
        }

        // A live pipeline whose context feed runs ten bars ahead computes the same rows: the join is as of each bar.
        var live = new FeaturePipeline(Spec());
        for (int i = 0; i < near.Count; i++)
        {
            if (i == 0)
            {
                fil.Take(10).ToList().ForEach(bar => live.ObserveContext(Fil, bar));
            }

            if (i + 10 < fil.Count)
            {
                live.ObserveContext(Fil, fil[i + 10]);
            }

            Assert.True(baseline.Row(i).SequenceEqual(live.Update(near[i])), $"live row {i}");
        }
    }

    [Fact]
    public void Missing_context_bars_are_carried_forward_up_to_the_age_limit_then_make_rows_unusable()
    {
        var near = Near(400);
        var fil = FilBars(400);
        // FIL loses minutes 300..304 (5 bars): rows 300 and 301 carry bar 299 forward (age 1, 2); 302..304 are stale.
        var gappy = fil.Where((_, i) => i is < 300 or > 304).ToArray();
        var full = FeaturePipeline.TransformWithContext(near, Spec(), Context(fil));
        var matrix = FeaturePipeline.TransformWithContext(near, Spec(), Context(gappy));
        int age = Column(matrix, "ctx_FIL-USDT_age"), ret1 = Column(matrix, "ctx_FIL-USDT_ret_1");

        Assert.Equal(1f, matrix.Row(300)[age]);
        Assert.Equal(2f, matrix.Row(301)[age]);
        Assert.Equal(full.Row(299)[ret1], matrix.Row(300)[ret1]); // the carried bar's values
        Assert.True(matrix.Ready[300] && matrix.Ready[301]);
        Assert.False(matrix.Ready[302] || matrix.Ready[303] || matrix.Ready[304]);
        Assert.True(matrix.Ready[305]);
        Assert.Equal(3, matrix.ContextStaleRows);
        Assert.Equal(0, full.ContextStaleRows);

        // The first bar after the gap: FIL's one-bar return spans the gap (its previous bar is 299).
        Assert.Equal((float)Math.Log(fil[305].Close / fil[299].Close), matrix.Row(305)[ret1]);

        // With MaxAgeBars = 0 every missing minute is stale; the samples drop those rows (and windows through them).
        var strict = FeaturePipeline.TransformWithContext(near, Spec(maxAge: 0), Context(gappy));
        Assert.Equal(5, strict.ContextStaleRows);
        var samples = SupervisedDataset.Build(near, Spec(maxAge: 0), Context(gappy));
        Assert.DoesNotContain(Enumerable.Range(0, samples.Count), s => samples.EndRow(s) is >= 300 and < 305 + 32 - 1);
    }

    [Fact]
    public void A_pipeline_without_its_context_feed_names_the_missing_symbol()
    {
        var near = Near(300);
        var live = new FeaturePipeline(Spec(orderFlow: false));
        foreach (var bar in near)
        {
            live.Update(bar);
        }

        Assert.False(live.IsReady);
        Assert.Equal(Fil.Value, live.StaleContext);
        var error = Assert.Throws<ContextUnavailableException>(() => live.ThrowIfStale("NEAR-USDT"));
        Assert.Equal(Fil.Value, error.ContextSymbol);
        Assert.Null(error.AgeBars);
        Assert.Contains("FIL-USDT", error.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => FeaturePipeline.TransformWithContext(near, Spec(), null));
        Assert.Throws<ArgumentException>(() => FeaturePipeline.Transform(near, Spec()));
    }

    [Fact]
    public void Context_bars_are_checked_and_late_or_repeated_ones_are_ignored()
    {
        var fil = FilBars(20);
        var live = new FeaturePipeline(Spec());
        Assert.True(live.ObserveContext(Fil, fil[0]));
        Assert.True(live.ObserveContext(Fil, fil[1]));
        Assert.False(live.ObserveContext(Fil, fil[1]));
        Assert.False(live.ObserveContext(Fil, fil[0]));
        Assert.False(live.ObserveContext(Symbol.Parse("ETH-USDT"), fil[2])); // not a context symbol of this spec
        Assert.Equal(2, live.ContextBarsIgnored);

        var error = Assert.Throws<FeatureException>(() => live.ObserveContext(Fil, fil[2] with { TakerBuyVolume = double.NaN }));
        Assert.StartsWith("context.FIL-USDT.", error.Feature, StringComparison.Ordinal);
        Assert.Throws<FeatureException>(() => live.ObserveContext(Fil, fil[2] with { Close = -1 }));
        Assert.True(live.ObserveContext(Fil, fil[2]));
    }

    [Fact]
    public void The_context_round_trips_through_the_spec_json_and_is_validated()
    {
        var spec = Spec(maxAge: 3);
        var back = FeatureSpec.FromJson(spec.ToJson());
        Assert.Equal(spec, back);
        Assert.Equal(["FIL-USDT"], back.Context!.Symbols);
        Assert.Equal(3, back.Context.MaxAgeBars);
        Assert.NotEqual(spec, spec with { Context = spec.Context! with { MaxAgeBars = 2 } });
        Assert.Null(FeatureSpec.FromJson(FeatureSpec.Default().ToJson()).Context);

        Assert.Throws<ArgumentException>(() => (spec with { Context = new ContextSpec { Symbols = ["FILUSDT"] } }).Validate());
        Assert.Throws<ArgumentException>(() => (spec with { Context = new ContextSpec { Symbols = ["FIL-USDT", "FIL-USDT"] } }).Validate());
        Assert.Throws<ArgumentException>(() => (spec with { Context = new ContextSpec { Symbols = [] } }).Validate());
        Assert.Throws<ArgumentException>(() => (spec with { Context = new ContextSpec { Symbols = ["FIL-USDT"], MaxAgeBars = -1 } }).Validate());
    }
}
