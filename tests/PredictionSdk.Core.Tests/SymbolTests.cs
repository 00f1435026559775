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
