namespace PredictionSdk;

/// <summary>What kind of instrument a <see cref="Symbol"/> names.</summary>
public enum AssetClass
{
    /// <summary>A crypto-currency pair, traded around the clock.</summary>
    Crypto,

    /// <summary>A stock or ETF, traded in exchange sessions.</summary>
    Stock,
}

/// <summary>Exchanges whose symbol spelling <see cref="Symbol"/> can read and write.</summary>
public enum Exchange
{
    /// <summary>Binance spot: <c>BTCUSDT</c>.</summary>
    Binance,

    /// <summary>Coinbase Advanced Trade: <c>BTC-USD</c>.</summary>
    Coinbase,

    /// <summary>Kraken WebSocket v2: <c>BTC/USD</c>; its REST API also accepts <c>XBTUSD</c>.</summary>
    Kraken,

    /// <summary>Alpaca market data: <c>AAPL</c> for stocks, <c>BTC/USD</c> for crypto.</summary>
    Alpaca,
}
