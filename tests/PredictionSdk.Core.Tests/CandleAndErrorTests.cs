using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Core.Tests;

public class CandleAndErrorTests
{
    [Fact]
    public void Unspecified_timestamps_are_taken_as_utc()
    {
        var candle = new Candle(new DateTime(2024, 1, 1, 10, 0, 0, DateTimeKind.Unspecified), 1, 2, 0.5, 1.5, 10);
        Assert.Equal(DateTimeKind.Utc, candle.Timestamp.Kind);
        Assert.Equal(10, candle.Timestamp.Hour);
    }

    [Fact]
    public void Order_flow_is_not_reported_unless_given_and_zero_is_a_reported_value()
    {
        var plain = new Candle(DateTime.UnixEpoch, 1, 2, 0.5, 1.5, 10);
        Assert.True(double.IsNaN(plain.QuoteVolume) && double.IsNaN(plain.TradeCount) && double.IsNaN(plain.TakerBuyVolume) && double.IsNaN(plain.TakerBuyQuoteVolume));
        Assert.False(plain.HasOrderFlow);

        var quiet = plain.WithOrderFlow(0, 0, 0, 0);
        Assert.True(quiet.HasOrderFlow);
        Assert.NotEqual(plain, quiet);
        Assert.Equal(plain, quiet.WithOrderFlow(double.NaN, double.NaN, double.NaN, double.NaN));
        Assert.Contains("N=0", quiet.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("N=", plain.ToString(), StringComparison.Ordinal);
        Assert.Equal(80, System.Runtime.CompilerServices.Unsafe.SizeOf<Candle>());
    }

    [Theory]
    [InlineData(1, 2, 0.5, 1.5, 10, true)]
    [InlineData(1, 0.9, 0.5, 0.8, 10, false)]
    [InlineData(1, 2, 1.2, 1.5, 10, false)]
    [InlineData(1, 2, 0.5, 1.5, -1, false)]
    [InlineData(double.NaN, 2, 0.5, 1.5, 1, false)]
    [InlineData(1, double.PositiveInfinity, 0.5, 1.5, 1, false)]
    [InlineData(1, 2, 0, 1.5, 1, false)]
    [InlineData(-1, 2, -1, 1.5, 1, false)]
    [InlineData(0, 0, 0, 0, 0, false)]
    public void IsConsistent_checks_ohlc_volume_finiteness_and_positive_prices(double o, double h, double l, double c, double v, bool expected)
    {
        Assert.Equal(expected, new Candle(DateTime.UnixEpoch, o, h, l, c, v).IsConsistent);
    }

    [Fact]
    public void MarketDataException_names_file_line_field_and_value()
    {
        var error = new CandleFormatException("not a number", "data/btc.csv", 42, "close", "abc");
        Assert.Equal("data/btc.csv:42: not a number (field 'close', value 'abc')", error.Message);
        Assert.Equal(42, error.LineNumber);
        Assert.Equal("close", error.Field);
        Assert.IsAssignableFrom<MarketDataException>(error);
    }

    [Fact]
    public void InsufficientDataException_states_the_minimum()
    {
        var error = new InsufficientDataException("The model window", 120, 30);
        Assert.Contains("at least 120 bars", error.Message, StringComparison.Ordinal);
        Assert.Equal(120, error.Required);
    }

    [Fact]
    public void AddPredictionSdk_validates_options_naming_the_bad_value()
    {
        var services = new ServiceCollection();
        services.AddPredictionSdk(o =>
        {
            o.Interval = default;
            o.Symbols.Add("BTC USD");
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PredictionSdkOptions>>().Value);
        Assert.Contains("PredictionSdk:Interval is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("'BTC USD'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPredictionSdk_accepts_valid_options()
    {
        var services = new ServiceCollection();
        services.AddPredictionSdk(o => o.Symbols.Add("BTCUSDT"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PredictionSdkOptions>>().Value;
        Assert.Equal(Symbol.Parse("BTC-USDT"), options.ParsedSymbols[0]);
        Assert.Equal(Interval.OneMinute, options.Interval);
    }
}
