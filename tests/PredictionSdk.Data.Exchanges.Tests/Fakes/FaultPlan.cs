using System.Collections.Concurrent;

namespace PredictionSdk.Data.Tests.Exchanges.Fakes;

/// <summary>What a fake exchange does wrong at a given bar.</summary>
[Flags]
public enum Fault
{
    None = 0,

    /// <summary>After the bar's final, abort the connection; <see cref="FaultPlan.SkipOnDrop"/> bars pass while the client is away.</summary>
    Drop = 1,

    /// <summary>Before the bar, send a message that is not JSON and a JSON message missing required fields.</summary>
    Malformed = 2,

    /// <summary>Before the bar, send a valid message cut in half.</summary>
    Truncated = 4,

    /// <summary>Send the bar's final twice.</summary>
    Duplicate = 8,

    /// <summary>Send the next bar's final before this bar's final (both closed).</summary>
    SwapWithNext = 16,

    /// <summary>The bar's final arrives with a NaN close (REST has the true bar).</summary>
    NaN = 32,

    /// <summary>The bar's final arrives with every price multiplied by 100.</summary>
    Spike = 64,

    /// <summary>After the bar, go silent without closing until the client gives up on the connection.</summary>
    Silence = 128,

    /// <summary>Trade feeds: after the bar's second trade, send a trade of the previous (closed) bar.</summary>
    LateTrade = 256,
}

/// <summary>Faults keyed by bar index; each fires on the first connection that reaches the bar.</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<int, Fault> _faults = new();

    public int SkipOnDrop { get; set; } = 3;

    public FaultPlan At(int bar, Fault fault)
    {
        _faults.AddOrUpdate(bar, fault, (_, f) => f | fault);
        return this;
    }

    /// <summary>The faults for <paramref name="bar"/>, consumed so that a replay after reconnect is clean.</summary>
    public Fault Take(int bar) => _faults.TryRemove(bar, out var fault) ? fault : Fault.None;
}
