using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Globalization;
using System.Text.Json;
using PredictionSdk.Data.Exchanges.Binance;
using PredictionSdk.Data.Replay;
using PredictionSdk.Streaming;

namespace PredictionSdk.Cli;

/// <summary><c>psdk stream</c>: runs the real-time pipeline over a replay or a live feed and prints one JSON line per prediction.</summary>
internal static class StreamCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "replay (default) or exchange (implied by --exchange).", DefaultValueFactory = _ => "replay" };
        var input = new Option<string[]>("--input") { Description = "Candle file(s) to replay (.csv, .csv.gz); the symbol comes from the file name (BTCUSDT-1m-….csv.gz) unless --symbols gives one per file.", AllowMultipleArgumentsPerToken = true };
        var speed = new Option<string>("--speed") { Description = "Replay speed: max (as fast as possible), 1 (real time), 60 (a minute per second)…", DefaultValueFactory = _ => "max" };
        var openUpdates = new Option<int>("--open-updates") { Description = "Replay: synthetic open-bar updates before each close.", DefaultValueFactory = _ => 0 };
        var exchange = new Option<string?>("--exchange") { Description = "Live feed: binance." };
        var symbols = new Option<string?>("--symbols") { Description = "Comma-separated symbols, e.g. BTC-USDT,ETH-USDT." };
        var wsUrl = new Option<string?>("--ws-url") { Description = "WebSocket base URL (testnet, proxy, loopback fake)." };
        var restUrl = new Option<string?>("--rest-url") { Description = "REST base URL used for warm-up and backfill." };
        var model = new Option<string?>("--model") { Description = ".psdk model bundle. Without one, one JSON line per closed candle with its indicators is printed instead." };
        var interval = new Option<string>("--interval") { Description = "Bar length.", DefaultValueFactory = _ => "1m" };
        var workers = new Option<int>("--workers") { Description = "Parallel workers (symbols are partitioned onto them).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var previews = new Option<bool>("--previews") { Description = "Also predict on open-bar updates (\"preview\": true)." };
        var external = ExternalSeriesArguments.Create(forTraining: false);
        var context = ContextArguments.Create("replay files of the context symbols a model trained with --context reads (an exchange feed subscribes to them by itself).");
        var warmUp = new Option<string>("--warm-up") { Description = "History fetched before each symbol's first live bar: auto (what the model needs), none, or a number of bars.", DefaultValueFactory = _ => "auto" };

        var command = new Command("stream", "Streams predictions (every horizon of the model) from a replay or a live exchange feed, one JSON line each; each symbol first warms up from the source's history. Ctrl+C stops cleanly with a summary; a malformed file stops with its line and field and exit code 2.")
        {
            source, input, speed, openUpdates, exchange, symbols, wsUrl, restUrl, model, interval, workers, previews, warmUp, external, context,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new RealTimeStreamOptions
            {
                Interval = Interval.Parse(parse.GetValue(interval)!),
                ModelPath = parse.GetValue(model),
                WorkerCount = Math.Max(1, parse.GetValue(workers)),
                PredictOnOpenBars = parse.GetValue(previews),
                WarmUpBars = ParseWarmUp(parse.GetValue(warmUp)!),
            };
            // The command line is the reader: nothing may be lost to a slow terminal.
            options.Subscriber.FullMode = StreamFullMode.Wait;
            await LoadExternalSeriesAsync(options.ModelPath, parse.GetValue(external), parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
            var contextFiles = ContextArguments.Parse(parse.GetValue(context));
            var feed = CreateSource(parse.GetValue(source)!, parse.GetValue(exchange), parse.GetValue(input) ?? [], parse.GetValue(symbols), parse.GetValue(speed)!, parse.GetValue(openUpdates), parse.GetValue(wsUrl), parse.GetValue(restUrl), options, contextFiles);
            CheckContext(feed, options, contextFiles, parse.GetValue(speed)!);
            return await RunAsync(feed, options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static ICandleSource CreateSource(string source, string? exchange, string[] inputs, string? symbolList, string speed, int openUpdates, string? wsUrl, string? restUrl, RealTimeStreamOptions options, IReadOnlyList<(Symbol Symbol, string File)> contextFiles)
    {
        string[] symbols = symbolList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (exchange is not null || source.Equals("exchange", StringComparison.OrdinalIgnoreCase))
        {
            if (symbols.Length == 0)
            {
                throw new ArgumentException("--symbols is required with --exchange.");
            }

            foreach (string s in symbols)
            {
                options.Symbols.Add(Symbol.Parse(s).Value);
            }

            return (exchange ?? "binance").ToLowerInvariant() switch
            {
                "binance" => new BinanceCandleSource(Configure(new BinanceFeedOptions(), wsUrl, restUrl)),
                _ => throw new ArgumentException($"--exchange '{exchange}' is not supported here; use binance."),
            };
        }

        if (!source.Equals("replay", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--source '{source}' is not known; use replay or exchange.");
        }

        if (inputs.Length == 0)
        {
            throw new ArgumentException("--input FILE is required with --source replay.");
        }

        if (symbols.Length != 0 && symbols.Length != inputs.Length)
        {
            throw new ArgumentException($"--symbols names {symbols.Length} symbols for {inputs.Length} input files; give one per file or none.");
        }

        var replay = new ReplayOptions
        {
            Speed = ReplaySpeed.Parse(speed),
            OpenBarUpdates = openUpdates,
            Interval = options.Interval ?? Interval.OneMinute,
        };
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!File.Exists(inputs[i]))
            {
                throw new FileNotFoundException($"input file '{inputs[i]}' does not exist.", inputs[i]);
            }

            var symbol = symbols.Length > 0 ? Symbol.Parse(symbols[i]) : SymbolFromFileName(inputs[i]);
            replay.Files[symbol.Value] = inputs[i];
            options.Symbols.Add(symbol.Value);
        }

        // Context symbols are replayed with the rest (merged by time) but not streamed for themselves.
        foreach (var (symbol, file) in contextFiles)
        {
            replay.Files[symbol.Value] = CommandInput.File(file, $"--context {symbol}");
        }

        return new ReplayCandleSource(replay);
    }

    /// <summary>
    /// A model that reads context symbols needs their bars: a replay needs a file for each (refused otherwise, naming the
    /// symbol); an exchange feed is subscribed to them by the stream itself.
    /// </summary>
    private static void CheckContext(ICandleSource feed, RealTimeStreamOptions options, IReadOnlyList<(Symbol Symbol, string File)> files, string speed)
    {
        var needed = options.ModelPath is null ? [] : Models.Bundles.ModelBundle.Load(CommandInput.File(Path.GetFullPath(options.ModelPath), "--model")).ContextSymbols;
        if (feed is not ReplayCandleSource)
        {
            if (files.Count > 0)
            {
                throw new ArgumentException("--context names replay files; a live feed subscribes to the model's context symbols by itself.");
            }

            return;
        }

        foreach (var (symbol, file) in files)
        {
            if (!needed.Contains(symbol))
            {
                throw new ArgumentException($"--context {symbol}: the model does not read it (it reads {(needed.Count == 0 ? "no context symbol" : string.Join(", ", needed))}).");
            }
        }

        var missing = needed.Where(s => !files.Any(f => f.Symbol == s) && !options.ParsedSymbols.Contains(s)).ToArray();
        if (missing.Length > 0)
        {
            throw new CommandException(ExitCodes.BadInput, $"the model reads context symbol(s) {string.Join(", ", missing)}: give each a file with --context {missing[0]}=FILE");
        }

        if (ReplaySpeed.Parse(speed).Factor is null)
        {
            // As fast as possible: the replay is merged by time, so context bars arrive by data, never by the clock.
            options.ContextWait = TimeSpan.FromMinutes(1);
        }
    }

    // The files are read whole before the stream starts: every bar of a replay is joined as of its close.
    private static async Task LoadExternalSeriesAsync(string? modelPath, string[]? values, TextWriter log, CancellationToken cancellationToken)
    {
        var arguments = ExternalSeriesArguments.Parse(values);
        if (modelPath is null)
        {
            if (arguments.Count > 0)
            {
                throw new ArgumentException("--external needs --model: a series is read only by a model trained with it.");
            }

            return;
        }

        string path = CommandInput.File(Path.GetFullPath(modelPath), "--model");
        await ExternalSeriesArguments.LoadForModelAsync(Models.Bundles.ModelBundle.Load(path).FeatureSpec, path, arguments, log, cancellationToken).ConfigureAwait(false);
    }

    private static int? ParseWarmUp(string text) => text.ToLowerInvariant() switch
    {
        "auto" => null,
        "none" => 0,
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int bars) => bars,
        _ => throw new ArgumentException($"--warm-up '{text}' is not auto, none or a number of bars."),
    };

    private static T Configure<T>(T options, string? wsUrl, string? restUrl)
        where T : PredictionSdk.Data.Exchanges.ExchangeFeedOptions
    {
        if (wsUrl is not null)
        {
            options.WebSocketUrl = wsUrl;
        }

        if (restUrl is not null)
        {
            options.RestUrl = restUrl;
        }

        return options;
    }

    private static Symbol SymbolFromFileName(string path)
    {
        string name = Path.GetFileName(path);
        string head = name.Split('-', '.', '_')[0];
        return Symbol.TryParse(head, out var symbol)
            ? symbol
            : throw new ArgumentException($"cannot tell the symbol of '{name}'; pass --symbols.");
    }

    private static async Task<int> RunAsync(ICandleSource source, RealTimeStreamOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM stop the stream; the process stays up until it has drained and printed its summary.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            return await RunUntilStoppedAsync(source, options, output, error, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunUntilStoppedAsync(ICandleSource source, RealTimeStreamOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var stream = new RealTimeStream([source], options);
        Task printer = options.ModelPath is null
            ? PrintAsync(stream.ReadIndicatorsAsync(CancellationToken.None), WriteCandle, output)
            : PrintAsync(stream.ReadAllAsync(CancellationToken.None), WritePrediction, output);

        await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop the source, drain what is in flight.
        }
        catch (Exception) when (stream.Completion.IsFaulted)
        {
            // A source stopped for malformed data; reported below.
        }

        await stream.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await printer.ConfigureAwait(false);
        var s = stream.Statistics;
        await error.WriteLineAsync(
            $"candles {s.CandlesOut}, predictions {s.Predictions}, drops {s.TotalDrops}, reconnects {s.Reconnects}, rejected {s.Rejected}, duplicates {s.Duplicates}, backfilled {s.Backfilled}, gaps {s.Gaps}, warm-up bars {s.WarmUpBars}, context late {s.ContextBarsLate}, context stale {s.ContextStaleSkipped}").ConfigureAwait(false);
        foreach (var fault in stream.Faults)
        {
            // A malformed file is not retried: say which, where, and exit non-zero.
            await error.WriteLineAsync($"psdk stream: source {fault.Source} stopped: {fault.Error.Message}").ConfigureAwait(false);
        }

        return stream.Faults.Count > 0 ? 2 : 0;
    }

    private static async Task PrintAsync<T>(IAsyncEnumerable<T> items, Action<Utf8JsonWriter, T> write, TextWriter output)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        await foreach (var item in items.ConfigureAwait(false))
        {
            write(json, item);
            json.Flush();
            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
            buffer.ResetWrittenCount();
            json.Reset();
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    // Predictions are written in the SDK's one JSON contract, so a client parses psdk stream, psdk predict and the
    // server's REST and WebSocket answers with the same code.
    private static void WritePrediction(Utf8JsonWriter json, Prediction p) => PredictionJson.Write(json, p);

    private static void WriteCandle(Utf8JsonWriter json, IndicatorUpdate u)
    {
        json.WriteStartObject();
        json.WriteString("symbol", u.Symbol.Value);
        json.WriteString("timestamp", DateTime.SpecifyKind(u.Timestamp, DateTimeKind.Utc));
        json.WriteBoolean("is_final", u.IsFinal);
        json.WriteNumber("close", u.Close);
        json.WritePropertyName("technical_indicators");
        JsonSerializer.Serialize(json, u.Values.ToTechnicalIndicators(), PredictionJsonContext.Default.TechnicalIndicators);
        json.WriteEndObject();
    }
}
