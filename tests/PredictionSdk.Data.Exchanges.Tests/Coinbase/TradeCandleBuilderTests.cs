using PredictionSdk.Data.Exchanges;

namespace PredictionSdk.Data.Tests.Exchanges.Coinbase;

public sealed class TradeCandleBuilderTests
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Out_of_order_trades_within_tolerance_land_in_their_bar_and_late_ones_are_refused()
    {
        var builder = new TradeCandleBuilder(Interval.OneMinute, TimeSpan.FromSeconds(2));
        var output = new List<BuiltBar>();
        builder.Add(T0.AddSeconds(10), 100, 1, output);
        builder.Add(T0.AddSeconds(40), 105, 1, output);
        builder.Add(T0.AddSeconds(61), 103, 1, output);   // next bar; bar 0 still open (tolerance)
        builder.Add(T0.AddSeconds(5), 99, 2, output);     // earlier trade of bar 0: becomes its open
        builder.Add(T0.AddSeconds(59), 101, 1, output);   // latest trade of bar 0: becomes its close
        builder.Add(T0.AddSeconds(70), 104, 1, output);   // closes bar 0
        var late = builder.Add(T0.AddSeconds(30), 50, 1, output);

        var final = Assert.Single(output, b => b.IsFinal);
        // Side unknown (no aggressor given): quote volume and trade count are built, the taker split is not reported.
        Assert.Equal(new Candle(T0, 99, 105, 99, 101, 5, 100 + 105 + (99 * 2) + 101, 4, double.NaN, double.NaN), final.Candle);
        Assert.Equal(TradeOutcome.Late, late);
        // No update of bar 1 before bar 0 closed.
        int finalAt = output.IndexOf(final);
        Assert.DoesNotContain(output.Take(finalAt), b => b.Candle.Timestamp == T0.AddMinutes(1));
        Assert.Equal(new Candle(T0.AddMinutes(1), 103, 104, 103, 104, 2, 207, 2, double.NaN, double.NaN), output[^1].Candle);
    }

    [Fact]
    public void Aggressor_side_sums_into_taker_buy_volume_and_one_unknown_side_leaves_it_unreported()
    {
        var builder = new TradeCandleBuilder(Interval.OneMinute, TimeSpan.Zero);
        var output = new List<BuiltBar>();
        builder.Add(T0.AddSeconds(1), 100, 2, takerBuy: true, output);
        builder.Add(T0.AddSeconds(2), 102, 1, takerBuy: false, output);
        builder.Add(T0.AddSeconds(3), 101, 3, takerBuy: true, output);
        builder.Add(T0.AddSeconds(61), 101, 1, takerBuy: null, output);
        builder.Advance(T0.AddMinutes(2), output);

        var finals = output.Where(b => b.IsFinal).Select(b => b.Candle).ToList();
        Assert.Equal(2, finals.Count);
        Assert.Equal(new Candle(T0, 100, 102, 100, 101, 6, 200 + 102 + 303, 3, 5, 200 + 303), finals[0]);
        Assert.True(finals[0].HasOrderFlow);
        Assert.Equal(101, finals[1].QuoteVolume);
        Assert.Equal(1, finals[1].TradeCount);
        Assert.True(double.IsNaN(finals[1].TakerBuyVolume));
        Assert.True(double.IsNaN(finals[1].TakerBuyQuoteVolume));
    }

    [Fact]
    public void Server_time_closes_quiet_bars_and_incompleteness_is_reported()
    {
        var builder = new TradeCandleBuilder(Interval.OneMinute, TimeSpan.FromSeconds(2));
        var output = new List<BuiltBar>();
        builder.Add(T0.AddSeconds(10), 100, 1, output);
        Assert.True(output[0].Incomplete); // joined mid-bar
        builder.Advance(T0.AddSeconds(61), output);
        Assert.DoesNotContain(output, b => b.IsFinal);
        builder.Advance(T0.AddSeconds(62), output);
        Assert.True(output[^1].IsFinal);
        Assert.Equal(T0, builder.LastClosed);

        output.Clear();
        builder.Add(T0.AddSeconds(200), 100, 1, output);
        Assert.False(output[0].Incomplete);
        builder.MarkIncomplete();
        Assert.Equal(TradeOutcome.Invalid, builder.Add(T0.AddSeconds(201), double.NaN, 1, output));
        builder.Advance(T0.AddMinutes(10), output);
        Assert.True(output[^1].IsFinal && output[^1].Incomplete);
    }
}
