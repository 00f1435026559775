namespace PredictionSdk.Streaming;

/// <summary>What a bounded stage does when its channel is full.</summary>
public enum StreamFullMode
{
    /// <summary>The writer waits: back-pressure reaches the source (and, for a live feed, its socket buffer).</summary>
    Wait,

    /// <summary>The oldest queued item is discarded to make room; every discard is counted.</summary>
    DropOldest,
}

/// <summary>Capacity and full mode of one bounded stage.</summary>
public sealed class StageOptions
{
    /// <summary>Items the stage's channel holds before <see cref="FullMode"/> applies.</summary>
    public int Capacity { get; set; } = 4096;

    /// <summary>What happens when the channel is full.</summary>
    public StreamFullMode FullMode { get; set; } = StreamFullMode.Wait;
}

/// <summary>Settings of a <see cref="RealTimeStream"/>; bound from <c>PredictionSdk:Stream</c> in a host.</summary>
public sealed class RealTimeStreamOptions
{
    /// <summary>Configuration section the options bind from by default.</summary>
    public const string SectionName = "PredictionSdk:Stream";

    // The per-symbol settings live once, in the pipeline's options; the properties below forward to them.
    private readonly SymbolPipelineOptions _pipeline = new();

    /// <summary>Symbols to stream. In a host, empty means the shared <c>PredictionSdk:Symbols</c>.</summary>
    public IList<string> Symbols { get; } = [];

    /// <summary>Bar length (binds from <c>"1m"</c>). In a host, null means the shared <c>PredictionSdk:Interval</c>; elsewhere 1m.</summary>
    public Interval? Interval { get; set; }

    /// <summary>Path of a <c>.psdk</c> model bundle (or a folder of them for an ensemble). Each closed bar is predicted at every horizon the bundle holds. Without one the stream validates, aggregates and computes indicators but predicts nothing.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Source names (<see cref="ICandleSource.Name"/>) combined into the per-symbol composite candle. Empty: every source.
    /// Updates from a source not listed are ignored.
    /// </summary>
    public IList<string> Exchanges { get; } = [];

    /// <summary>Parallel workers; symbols are partitioned onto them by hash, so each symbol stays in order.</summary>
    public int WorkerCount { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Per-worker input stage: sources write here.</summary>
    public StageOptions Input { get; } = new() { Capacity = 8192 };

    /// <summary>Output stage: predictions, candles and indicator values on their way to the fan-out.</summary>
    public StageOptions Output { get; } = new() { Capacity = 8192 };

    /// <summary>Each <see cref="RealTimeStream.ReadAllAsync"/> reader and tap has its own channel; a slow reader only loses its own items.</summary>
    public StageOptions Subscriber { get; } = new() { Capacity = 1024, FullMode = StreamFullMode.DropOldest };

    /// <summary>
    /// Minute-boundary batching: each worker makes the predictions of the closes it has queued in one batched ONNX call
    /// (as soon as its input is drained, or <see cref="PredictionBatchingOptions.MaxBatchSize"/> are waiting) instead of
    /// one call per symbol. Same predictions, bit for bit; <c>Enabled = false</c> turns it off.
    /// </summary>
    public PredictionBatchingOptions Batching { get; } = new();

    /// <summary>Closed bars that may arrive ahead of a missing one before the gap is declared and backfilled.</summary>
    public int ReorderWindow { get => _pipeline.ReorderWindow; set => _pipeline.ReorderWindow = value; }

    /// <summary>Largest accepted relative move of high/low against the last accepted close (0.25 = 25 %); larger ones are outliers.</summary>
    public double MaxPriceJump { get => _pipeline.MaxPriceJump; set => _pipeline.MaxPriceJump = value; }

    /// <summary>Consecutive closed outlier bars after which the new level is accepted as real.</summary>
    public int OutlierConfirmations { get => _pipeline.OutlierConfirmations; set => _pipeline.OutlierConfirmations = value; }

    /// <summary>Fetch missing closed bars with <see cref="ICandleSource.GetHistoryAsync"/> when a gap is found.</summary>
    public bool BackfillGaps { get => _pipeline.BackfillGaps; set => _pipeline.BackfillGaps = value; }

    /// <summary>Largest gap, in bars, that is backfilled; of a longer gap only the latest this many bars are fetched.</summary>
    public int MaxBackfillBars { get => _pipeline.MaxBackfillBars; set => _pipeline.MaxBackfillBars = value; }

    /// <summary>
    /// Closed bars of history fetched before each symbol's first live bar. Unset (the default): what the symbol's model
    /// needs (its <see cref="ISymbolPredictor.RequiredHistory"/>, at least the reported indicators' warm-up), so the first
    /// prediction comes within seconds of the first update. A number overrides it; 0 fetches none.
    /// </summary>
    public int? WarmUpBars { get => _pipeline.WarmUpBars; set => _pipeline.WarmUpBars = value; }

    /// <summary>Warm-up history requests in flight at once over all symbols; each exchange's own rate limit applies on top.</summary>
    public int WarmUpConcurrency { get; set; } = 4;

    /// <summary>
    /// Read warm-up history from the registered <see cref="ICandleStore"/> first (see <see cref="RealTimeStream.UseHistoryStore"/>);
    /// the source serves only the bars after the store's newest one.
    /// </summary>
    public bool WarmUpFromStore { get; set; }

    /// <summary>Update indicators (preview, no state change) on open-bar updates, not only on closes.</summary>
    public bool PreviewOpenBars { get => _pipeline.PreviewOpenBars; set => _pipeline.PreviewOpenBars = value; }

    /// <summary>Also predict on open-bar updates (<see cref="Prediction.IsPreview"/> true), every horizon.</summary>
    public bool PredictOnOpenBars { get => _pipeline.PredictOnOpenBars; set => _pipeline.PredictOnOpenBars = value; }

    /// <summary>
    /// How long a closed bar of a symbol whose model reads context symbols waits for their bars of the same minute
    /// before it goes on without them (the context symbol's previous bar is carried forward within the model's age
    /// limit; counted in <see cref="StreamStatistics.ContextBarsLate"/>). A bar is released as soon as every context
    /// symbol's bar of its minute (or a later one) has arrived, so a replay, whose sources are merged by time, never
    /// waits on the clock. Default 3 seconds.
    /// </summary>
    public TimeSpan ContextWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Delay before a failed source is restarted; doubles per failure with jitter up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest <see cref="RealTimeStream.StopAsync"/> waits for in-flight work before abandoning it.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>In a host: stop the application once every source has ended (a finite replay), after draining.</summary>
    public bool StopHostWhenComplete { get; set; }

    /// <summary><see cref="Interval"/>, or 1m when unset.</summary>
    internal Interval IntervalOrDefault => Interval ?? PredictionSdk.Interval.OneMinute;

    /// <summary>Parsed <see cref="Symbols"/>.</summary>
    public IReadOnlyList<Symbol> ParsedSymbols => Symbols.Select(Symbol.Parse).Distinct().ToArray();

    /// <summary>Returns every problem with these options, worded for a configuration file; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        const string p = SectionName;
        if (Symbols.Count == 0)
        {
            failures.Add($"{p}:Symbols is empty; name at least one symbol (here or in PredictionSdk:Symbols).");
        }

        foreach (string s in Symbols)
        {
            if (!Symbol.TryParse(s, out _))
            {
                failures.Add($"{p}:Symbols contains '{s}', which is not a symbol (use BTC-USD or AAPL).");
            }
        }

        if (Interval is { } interval && interval.Duration <= TimeSpan.Zero)
        {
            failures.Add($"{p}:Interval is not set; use 1m, 3m, 5m, 15m, 30m, 1h, 4h or 1d.");
        }

        if (ModelPath is not null && !File.Exists(ModelPath))
        {
            failures.Add($"{p}:ModelPath '{ModelPath}' does not exist.");
        }

        Positive(failures, $"{p}:WorkerCount", WorkerCount);
        Positive(failures, $"{p}:Input:Capacity", Input.Capacity);
        Positive(failures, $"{p}:Output:Capacity", Output.Capacity);
        Positive(failures, $"{p}:Subscriber:Capacity", Subscriber.Capacity);
        failures.AddRange(_pipeline.Validate(p));
        failures.AddRange(Batching.Validate($"{p}:Batching"));
        Positive(failures, $"{p}:WarmUpConcurrency", WarmUpConcurrency);
        if (ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
        {
            failures.Add($"{p}:ReconnectDelay must be above zero and at most MaxReconnectDelay (were {ReconnectDelay} and {MaxReconnectDelay}).");
        }

        if (ContextWait < TimeSpan.Zero)
        {
            failures.Add($"{p}:ContextWait must not be negative (was {ContextWait}).");
        }

        if (DrainTimeout < TimeSpan.Zero)
        {
            failures.Add($"{p}:DrainTimeout must not be negative (was {DrainTimeout}).");
        }

        return failures;
    }

    /// <summary>The per-symbol settings, with <paramref name="exchanges"/> combined into the composite.</summary>
    internal SymbolPipelineOptions PipelineOptions(IEnumerable<string> exchanges) => _pipeline.WithExchanges(exchanges);

    private static void Positive(List<string> failures, string name, int value)
    {
        if (value < 1)
        {
            failures.Add($"{name} must be 1 or more (was {value}).");
        }
    }
}
