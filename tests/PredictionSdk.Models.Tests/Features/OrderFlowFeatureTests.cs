using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features;

public class OrderFlowFeatureTests
{
    private static readonly FeatureSpec Plain = FeatureSpec.Default();

    private static IReadOnlyList<Candle> Near(int count) => TestData.Load("NEARUSDT-1m-2023-02-01", count);

    [Fact]
    public void Group_is_on_only_for_data_that_reports_order_flow_and_leaves_the_other_columns_unchanged()
    {
        var near = Near(1440);
        var spec = Plain.WithOrderFlowIfReported(near);
        Assert.Equal(FeatureSpec.DefaultOrderFlowWindows, spec.OrderFlowWindows);
        Assert.Same(Plain, Plain.WithOrderFlowIfReported(TestData.Btc(100))); // OHLCV only

        var plainNames = new FeaturePipeline(Plain).FeatureNames;
        var flowNames = new FeaturePipeline(spec).FeatureNames;
        Assert.Equal(plainNames, flowNames.Take(plainNames.Count));
        Assert.Equal(
            ["taker_buy_share_5", "taker_buy_share_15", "taker_buy_share_60", "signed_vol_1", "trades_z_5", "trade_size_z_5", "trades_z_15", "trade_size_z_15", "trades_z_60", "trade_size_z_60", "vwap_dist_bar"],
            flowNames.Skip(plainNames.Count));

        // The OHLCV columns are computed exactly as without the group.
        var without = FeaturePipeline.Transform(near, Plain);
        var with = FeaturePipeline.Transform(near, spec);
        for (int i = 0; i < near.Count; i++)
        {
            Assert.True(without.Row(i).SequenceEqual(with.Row(i)[..without.Columns]), $"row {i}");
        }
    }

    [Fact]
    public void Values_follow_their_definitions_on_real_bars()
    {
        var near = Near(200);
        var spec = Plain with { OrderFlowWindows = [5, 15] };
        var matrix = FeaturePipeline.Transform(near, spec);
        int share5 = Column(matrix, "taker_buy_share_5"), signed = Column(matrix, "signed_vol_1"), vwap = Column(matrix, "vwap_dist_bar");
        int trades15 = Column(matrix, "trades_z_15");

        int t = 150;
        double bought = 0, traded = 0;
        for (int i = t - 4; i <= t; i++)
        {
            bought += near[i].TakerBuyVolume;
            traded += near[i].Volume;
        }

        Assert.Equal((float)((2 * bought / traded) - 1), matrix.Row(t)[share5], 5);
        double meanVolume60 = near.Skip(t - 59).Take(60).Average(c => c.Volume);
        Assert.Equal((float)(((2 * near[t].TakerBuyVolume) - near[t].Volume) / (1 + meanVolume60)), matrix.Row(t)[signed], 4);
        Assert.Equal((float)Math.Log(near[t].Close / (near[t].QuoteVolume / near[t].Volume)), matrix.Row(t)[vwap], 6);

        var logTrades = near.Skip(t - 14).Take(15).Select(c => Math.Log(1 + c.TradeCount)).ToArray();
        double mean = logTrades.Average();
        double std = Math.Sqrt(logTrades.Sum(x => (x - mean) * (x - mean)) / logTrades.Length); // population, as RollingStatistics
        Assert.Equal((float)((logTrades[^1] - mean) / std), matrix.Row(t)[trades15], 3);
        Assert.All(Enumerable.Range(0, matrix.Rows), i => Assert.InRange(matrix.Row(i)[share5], -1f, 1f));
    }

    [Fact]
    public void Streaming_rows_and_previews_equal_batch_rows_bit_for_bit()
    {
        var near = Near(1000); // the 1h features need 900 bars
        var spec = Plain.WithOrderFlowIfReported(near);
        var batch = FeaturePipeline.Transform(near, spec);
        var live = new FeaturePipeline(spec);
        for (int i = 0; i < near.Count; i++)
        {
            var preview = live.Preview(near[i]).ToArray();
            var row = live.Update(near[i]).ToArray();
            Assert.True(batch.Row(i).SequenceEqual(row), $"update differs at row {i}");
            Assert.True(batch.Row(i).SequenceEqual(preview), $"preview differs at row {i}");
        }

        Assert.True(live.IsReady);
    }

    [Fact]
    public void A_bar_without_order_flow_is_refused_naming_the_field_and_the_pipeline_is_unchanged()
    {
        var near = Near(100);
        var spec = Plain.WithOrderFlowIfReported(near);
        var pipeline = new FeaturePipeline(spec);
        for (int i = 0; i < 50; i++)
        {
            pipeline.Update(near[i]);
        }

        var error = Assert.Throws<FeatureException>(() => pipeline.Update(near[50] with { TakerBuyVolume = double.NaN }));
        Assert.Contains("taker_buy_volume", error.Message, StringComparison.Ordinal);
        Assert.Equal(50, pipeline.Count);

        var batch = FeaturePipeline.Transform(near.Take(51).ToList(), spec);
        Assert.True(batch.Row(50).SequenceEqual(pipeline.Update(near[50]).ToArray()));
    }

    [Fact]
    public void Spec_without_the_group_serialises_as_before_and_reads_back_equal()
    {
        var json = Plain.ToJson();
        Assert.Equal(Plain, FeatureSpec.FromJson(json));
        // A spec written before the group existed has no such property: it reads with the group off.
        string old = json.Replace("\"orderFlowWindows\": [],", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("orderFlowWindows", old, StringComparison.Ordinal);
        Assert.False(FeatureSpec.FromJson(old).HasOrderFlow);

        var flow = Plain with { OrderFlowWindows = [10, 30] };
        Assert.Equal(flow, FeatureSpec.FromJson(flow.ToJson()));
        Assert.NotEqual(Plain, flow);
        Assert.Throws<ArgumentException>(() => (Plain with { OrderFlowWindows = [1] }).Validate());
    }

    private static int Column(FeatureMatrix matrix, string name) => matrix.FeatureNames.ToList().IndexOf(name);
}
