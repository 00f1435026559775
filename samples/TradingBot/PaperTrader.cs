using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PredictionSdk;
using PredictionSdk.Streaming;

namespace TradingBot;

/// <summary>Paper-trading rules: how much to trade, what it costs, when a prediction is strong enough.</summary>
public sealed class PaperTradingOptions
{
    /// <summary>Quote currency put into each position.</summary>
    public double NotionalPerTrade { get; set; } = 10_000;

    /// <summary>Fee per fill as a fraction of the traded value (0.001 = 0.1 %, a typical taker fee).</summary>
    public double FeeRate { get; set; } = 0.001;

    /// <summary>Calibrated confidence a prediction needs before the bot acts on it.</summary>
    public double MinConfidence { get; set; } = 0.55;

    /// <summary>Go short on confident down predictions (otherwise only long or flat).</summary>
    public bool AllowShort { get; set; }

    /// <summary>The horizon (bars ahead) the bot trades on; the stream predicts every horizon the model holds.</summary>
    public int Horizon { get; set; } = 1;
}

/// <summary>
/// Acts on each closed-bar prediction of its horizon: long on a confident up call, flat (or short) on a confident down call, otherwise
/// holds. Fills at the prediction's current price and pays the fee on every fill. Runs on the stream's fan-out, one
/// prediction at a time.
/// </summary>
public sealed class PaperTrader(IOptions<PaperTradingOptions> options, ILogger<PaperTrader> logger) : IPredictionHandler
{
    private readonly PaperTradingOptions _options = options.Value;
    private readonly Dictionary<Symbol, Book> _books = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public ValueTask HandleAsync(Prediction prediction, CancellationToken cancellationToken)
    {
        if (prediction.IsPreview || prediction.Horizon != _options.Horizon)
        {
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            if (!_books.TryGetValue(prediction.Symbol, out var book))
            {
                book = new Book { FirstPrice = prediction.CurrentPrice };
                _books.Add(prediction.Symbol, book);
            }

            book.LastPrice = prediction.CurrentPrice;
            book.Predictions++;
            int target = prediction.Confidence < _options.MinConfidence ? book.Side : prediction.Direction switch
            {
                Direction.Up => 1,
                Direction.Down => _options.AllowShort ? -1 : 0,
                _ => book.Side,
            };
            if (target != book.Side)
            {
                Rebalance(prediction, book, target);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One line per symbol: trades, fees, P&amp;L, and buy-and-hold for comparison.</summary>
    public IReadOnlyList<string> Summary()
    {
        lock (_gate)
        {
            return [.. _books.OrderBy(b => b.Key).Select(b => Describe(b.Key, b.Value))];
        }
    }

    private void Rebalance(Prediction prediction, Book book, int target)
    {
        double price = prediction.CurrentPrice;
        double targetQuantity = target * _options.NotionalPerTrade / price;
        double traded = targetQuantity - book.Quantity;
        double fee = Math.Abs(traded) * price * _options.FeeRate;
        book.Cash -= (traded * price) + fee;
        book.Fees += fee;
        book.Quantity = targetQuantity;
        book.Side = target;
        book.Trades++;
        logger.LogInformation(
            "{Time:u} {Symbol} {Action} at {Price} (predicted {Predicted}, {Direction} {Confidence:P0}); equity {Equity:F2}",
            prediction.Timestamp, prediction.Symbol, target switch { 1 => "LONG", -1 => "SHORT", _ => "FLAT" }, price, prediction.PredictedPrice, prediction.Direction, prediction.Confidence, book.Equity);
    }

    private string Describe(Symbol symbol, Book book)
    {
        double buyAndHold = _options.NotionalPerTrade * ((book.LastPrice / book.FirstPrice) - 1) - (2 * _options.NotionalPerTrade * _options.FeeRate);
        return string.Create(CultureInfo.InvariantCulture,
            $"{symbol,-9} predictions {book.Predictions,6}  trades {book.Trades,5}  fees {book.Fees,9:F2}  P&L {book.Equity,10:F2}  position {book.Side,2}  (buy and hold {buyAndHold:F2})");
    }

    private sealed class Book
    {
        public double Cash { get; set; }

        public double Quantity { get; set; }

        public int Side { get; set; }

        public double FirstPrice { get; init; }

        public double LastPrice { get; set; }

        public double Fees { get; set; }

        public int Trades { get; set; }

        public long Predictions { get; set; }

        /// <summary>Cash plus the position marked at the last price: the P&amp;L since the start.</summary>
        public double Equity => Cash + (Quantity * LastPrice);
    }
}
