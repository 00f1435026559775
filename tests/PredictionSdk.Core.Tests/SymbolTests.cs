namespace PredictionSdk.Core.Tests;

public class SymbolTests
{
    [Theory]
    [InlineData("BTC-USD", "BTC-USD", AssetClass.Crypto)]
    [InlineData("btc-usd", "BTC-USD", AssetClass.Crypto)]
    [InlineData("BTCUSDT", "BTC-USDT", AssetClass.Crypto)]
    [InlineData("ethusdt", "ETH-USDT", AssetClass.Crypto)]
    [InlineData("XBT/USD", "BTC-USD", AssetClass.Crypto)]
    [InlineData("ETH_USDT", "ETH-USDT", AssetClass.Crypto)]
    [InlineData("SOLUSDC", "SOL-USDC", AssetClass.Crypto)]
    [InlineData("ETHBTC", "ETH-BTC", AssetClass.Crypto)]
    [InlineData("AAPL", "AAPL", AssetClass.Stock)]
    [InlineData("qqq", "QQQ", AssetClass.Stock)]
    [InlineData("BRK.B", "BRK.B", AssetClass.Stock)]
    public void Parse_gives_the_canonical_form(string text, string canonical, AssetClass assetClass)
    {
        var symbol = Symbol.Parse(text);
        Assert.Equal(canonical, symbol.Value);
        Assert.Equal(assetClass, symbol.AssetClass);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("BTC-")]
    [InlineData("-USD")]
    [InlineData("BTC USD")]
    [InlineData("A-B-C")]
    public void Parse_rejects_malformed_text(string text)
    {
        Assert.False(Symbol.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Symbol.Parse(text));
    }

    [Theory]
    [InlineData(Exchange.Binance, "BTCUSDT")]
    [InlineData(Exchange.Coinbase, "BTC-USDT")]
    [InlineData(Exchange.Kraken, "BTC/USDT")]
    [InlineData(Exchange.Alpaca, "BTC/USDT")]
    public void Exchange_spellings_round_trip(Exchange exchange, string spelling)
    {
        var symbol = Symbol.Crypto("btc", "usdt");
        Assert.Equal(spelling, symbol.ToExchangeSymbol(exchange));
        Assert.Equal(symbol, Symbol.FromExchangeSymbol(exchange, spelling));
    }

    [Theory]
    [InlineData(Exchange.Binance, "BTCUSDT", "BTC-USDT")]
    [InlineData(Exchange.Binance, "btctusd", "BTC-TUSD")]
    [InlineData(Exchange.Binance, "ETHBTC", "ETH-BTC")]
    [InlineData(Exchange.Coinbase, "BTC-USD", "BTC-USD")]
    [InlineData(Exchange.Coinbase, "eth-eur", "ETH-EUR")]
    [InlineData(Exchange.Kraken, "XBT/USD", "BTC-USD")]
    [InlineData(Exchange.Kraken, "BTC/USD", "BTC-USD")]
    [InlineData(Exchange.Kraken, "XDG/USD", "DOGE-USD")]
    [InlineData(Exchange.Kraken, "XBTUSD", "BTC-USD")]
    [InlineData(Exchange.Kraken, "XXBTZUSD", "BTC-USD")]
    [InlineData(Exchange.Kraken, "XETHZEUR", "ETH-EUR")]
    [InlineData(Exchange.Alpaca, "BTC/USD", "BTC-USD")]
    [InlineData(Exchange.Alpaca, "AAPL", "AAPL")]
    [InlineData(Exchange.Alpaca, "TUSD", "TUSD")]
    [InlineData(Exchange.Alpaca, "BRK.B", "BRK.B")]
    public void Each_exchange_spelling_is_read_by_that_exchange_rules(Exchange exchange, string spelling, string canonical)
    {
        var symbol = Symbol.FromExchangeSymbol(exchange, spelling);
        Assert.Equal(canonical, symbol.Value);
        Assert.Equal(canonical.Contains('-', StringComparison.Ordinal) ? AssetClass.Crypto : AssetClass.Stock, symbol.AssetClass);
    }

    [Theory]
    [InlineData(Exchange.Binance, "BTC-USD")]   // Binance runs base and quote together
    [InlineData(Exchange.Binance, "AAPL")]      // no quote Binance lists: not a Binance pair
    [InlineData(Exchange.Coinbase, "BTCUSD")]   // Coinbase always writes the dash
    [InlineData(Exchange.Coinbase, "BTC/USD")]
    [InlineData(Exchange.Kraken, "BTC-USD")]
    [InlineData(Exchange.Alpaca, "BTC-USD")]
    [InlineData(Exchange.Alpaca, "")]
    public void A_spelling_of_another_exchange_is_refused_naming_the_exchange(Exchange exchange, string spelling)
    {
        Assert.False(Symbol.TryFromExchangeSymbol(exchange, spelling, out _));
        var error = Assert.Throws<FormatException>(() => Symbol.FromExchangeSymbol(exchange, spelling));
        Assert.Contains(exchange.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stocks_keep_their_ticker_on_every_exchange()
    {
        var aapl = Symbol.Stock("aapl");
        foreach (var exchange in Enum.GetValues<Exchange>())
        {
            Assert.Equal("AAPL", aapl.ToExchangeSymbol(exchange));
        }
    }
}
