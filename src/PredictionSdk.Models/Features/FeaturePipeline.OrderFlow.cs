using PredictionSdk.Indicators;

namespace PredictionSdk.Models.Features;

/// <summary>
/// The order-flow group (<see cref="FeatureSpec.OrderFlowWindows"/>): who was aggressive (taker-buy share, signed
/// volume), how busy the tape was (trade count) and how large the trades were (volume per trade), and where the close
/// sits against the bar's own VWAP (quote volume ÷ volume). Computed like every other group: previewed before the
/// commit, so batch and live rows are the same arithmetic. Off unless the spec lists windows; then every bar must
/// report its order flow (<see cref="Candle.HasOrderFlow"/>).
/// </summary>
public sealed partial class FeaturePipeline
{
    private RollingStatistics[] _takerBuySums = [], _flowVolumeSums = [], _tradeStats = [], _tradeSizeStats = [];
    private string[] _shareNames = [], _tradeNames = [], _tradeSizeNames = [];
    private bool _orderFlow;

    private void InitializeOrderFlow(FeatureSpec spec)
    {
        var windows = spec.OrderFlowWindows;
        _orderFlow = windows.Count > 0;
        _takerBuySums = windows.Select(Window).ToArray();
        _flowVolumeSums = windows.Select(Window).ToArray();
        _tradeStats = windows.Select(Window).ToArray();
        _tradeSizeStats = windows.Select(Window).ToArray();
        _shareNames = windows.Select(w => FormattableString.Invariant($"taker_buy_share_{w}")).ToArray();
        _tradeNames = windows.Select(w => FormattableString.Invariant($"trades_z_{w}")).ToArray();
        _tradeSizeNames = windows.Select(w => FormattableString.Invariant($"trade_size_z_{w}")).ToArray();
    }

    // The bar must carry what the group reads; a bar without it is refused like any malformed input (state unchanged).
    private void CheckOrderFlow(in Candle bar)
    {
        if (!_orderFlow)
        {
            return;
        }

        (string field, double value) = double.IsNaN(bar.TakerBuyVolume) ? ("taker_buy_volume", bar.TakerBuyVolume)
            : double.IsNaN(bar.TradeCount) ? ("count", bar.TradeCount)
            : double.IsNaN(bar.QuoteVolume) ? ("quote_volume", bar.QuoteVolume)
            : !double.IsFinite(bar.TakerBuyVolume) || bar.TakerBuyVolume < 0 ? ("taker_buy_volume", bar.TakerBuyVolume)
            : !double.IsFinite(bar.TradeCount) || bar.TradeCount < 0 ? ("count", bar.TradeCount)
            : !double.IsFinite(bar.QuoteVolume) || bar.QuoteVolume < 0 ? ("quote_volume", bar.QuoteVolume)
            : (string.Empty, 0);
        if (field.Length > 0)
        {
            throw new FeatureException("input." + field, bar.Timestamp, value,
                "the spec's order-flow features need every bar to report quote volume, trade count and taker-buy volume (not NaN, not negative)");
        }
    }

    /// <summary>Emits the group (after every other feature, so specs without it keep their columns).</summary>
    private void ComputeOrderFlow(in Candle bar, double volumeLong)
    {
        if (!_orderFlow)
        {
            return;
        }

        double v = bar.Volume, takerBuy = bar.TakerBuyVolume, trades = bar.TradeCount;
        for (int i = 0; i < _shareNames.Length; i++)
        {
            // Share of the window's volume bought by takers, centred: +1 all taker buys, −1 all taker sells.
            double bought = _takerBuySums[i].PreviewSum(takerBuy), traded = _flowVolumeSums[i].PreviewSum(v);
            Emit(_shareNames[i], traded > 0 ? (2.0 * bought / traded) - 1.0 : 0);
        }

        // This bar's net aggressive volume against the 60-bar mean volume.
        Emit("signed_vol_1", (2.0 * takerBuy - v) / (1.0 + volumeLong));

        double logTrades = Math.Log(1.0 + trades);
        double logSize = Math.Log((1.0 + v) / (1.0 + trades));
        for (int i = 0; i < _tradeNames.Length; i++)
        {
            Emit(_tradeNames[i], ZScore(_tradeStats[i].PreviewMoments(logTrades), logTrades));
            Emit(_tradeSizeNames[i], ZScore(_tradeSizeStats[i].PreviewMoments(logSize), logSize));
        }

        // Close against the bar's VWAP (quote volume ÷ volume); 0 for a bar without trades.
        Emit("vwap_dist_bar", v > 0 ? LogRatio(bar.Close, bar.QuoteVolume / v) : 0);
    }

    private void CommitOrderFlow(in Candle bar)
    {
        if (!_orderFlow)
        {
            return;
        }

        double logTrades = Math.Log(1.0 + bar.TradeCount);
        double logSize = Math.Log((1.0 + bar.Volume) / (1.0 + bar.TradeCount));
        for (int i = 0; i < _takerBuySums.Length; i++)
        {
            _takerBuySums[i].Add(bar.TakerBuyVolume);
            _flowVolumeSums[i].Add(bar.Volume);
            _tradeStats[i].Add(logTrades);
            _tradeSizeStats[i].Add(logSize);
        }
    }

    private static double ZScore(RollingMoments moments, double value) =>
        moments.Count > 1 && moments.StdDev > Tiny ? (value - moments.Mean) / moments.StdDev : 0;
}
