using System.Globalization;
using System.Text;

namespace PredictionSdk;

/// <summary>
/// Market data that cannot be used. Says where the fault is: <see cref="Source"/> (file or feed),
/// <see cref="LineNumber"/> (1-based, header included), <see cref="Field"/> and the offending <see cref="Value"/>.
/// </summary>
public class MarketDataException : PredictionSdkException
{
    /// <summary>Creates the error.</summary>
    public MarketDataException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public MarketDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public MarketDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with its location; the message names every part given.</summary>
    public MarketDataException(string reason, string? source, long? lineNumber = null, string? field = null, string? value = null, Exception? innerException = null)
        : base(Describe(reason, source, lineNumber, field, value), innerException)
    {
        Reason = reason;
        Source = source;
        LineNumber = lineNumber;
        Field = field;
        Value = value;
    }

    /// <summary>What was wrong, without the location.</summary>
    public string? Reason { get; }

    /// <summary>File path or feed name the data came from.</summary>
    public new string? Source { get; }

    /// <summary>1-based line number in <see cref="Source"/>, counting the header.</summary>
    public long? LineNumber { get; }

    /// <summary>Name of the field at fault, e.g. <c>close</c>.</summary>
    public string? Field { get; }

    /// <summary>The offending text or value.</summary>
    public string? Value { get; }

    private static string Describe(string reason, string? source, long? line, string? field, string? value)
    {
        var text = new StringBuilder();
        if (source is not null)
        {
            text.Append(source);
            if (line is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $":{line}");
            }

            text.Append(": ");
        }
        else if (line is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"line {line}: ");
        }

        text.Append(reason);
        if (field is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (field '{field}'");
            if (value is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $", value '{value}'");
            }

            text.Append(')');
        }
        else if (value is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" (value '{value}')");
        }

        return text.ToString();
    }
}

/// <summary>A row or frame that cannot be parsed into a candle.</summary>
public class CandleFormatException : MarketDataException
{
    /// <summary>Creates the error.</summary>
    public CandleFormatException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public CandleFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public CandleFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with its location.</summary>
    public CandleFormatException(string reason, string? source, long? lineNumber, string? field = null, string? value = null, Exception? innerException = null)
        : base(reason, source, lineNumber, field, value, innerException)
    {
    }
}

/// <summary>Candles that parse but break a rule: out of order, duplicated, inconsistent OHLC, non-finite.</summary>
public class CandleValidationException : MarketDataException
{
    /// <summary>Creates the error.</summary>
    public CandleValidationException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public CandleValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public CandleValidationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with its location.</summary>
    public CandleValidationException(string reason, string? source, long? lineNumber, string? field = null, string? value = null)
        : base(reason, source, lineNumber, field, value)
    {
    }
}

/// <summary>Not enough history for what was asked (a model window, an indicator warm-up).</summary>
public class InsufficientDataException : PredictionSdkException
{
    /// <summary>Creates the error.</summary>
    public InsufficientDataException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public InsufficientDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public InsufficientDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error stating how many bars were needed and how many were given.</summary>
    public InsufficientDataException(string what, int required, int available)
        : base($"{what} needs at least {required} bars; {available} were given.")
    {
        Required = required;
        Available = available;
    }

    /// <summary>Bars needed.</summary>
    public int Required { get; }

    /// <summary>Bars given.</summary>
    public int Available { get; }
}

/// <summary>Bars of one interval given to something built for another, e.g. 5-minute bars to a 1-minute model.</summary>
public class IntervalMismatchException : MarketDataException
{
    /// <summary>Creates the error.</summary>
    public IntervalMismatchException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public IntervalMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public IntervalMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error naming both intervals, the evidence, the data's source and what expected the interval.</summary>
    public IntervalMismatchException(Interval expected, Interval detected, long evidence, long spacings, string? source, string consumer)
        : base(
            string.Create(CultureInfo.InvariantCulture, $"the bars are {detected} apart ({evidence} of {spacings} steps between consecutive bars) but {consumer} uses {expected} bars"),
            source)
    {
        Expected = expected;
        Detected = detected;
    }

    /// <summary>The interval expected.</summary>
    public Interval Expected { get; }

    /// <summary>The interval the bars' spacing shows.</summary>
    public Interval Detected { get; }
}
