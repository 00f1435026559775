using System.Threading.Channels;

namespace PredictionSdk.Streaming;

// Sources: one pump per source, restarts with backoff for transient failures, a stop for malformed data, and the end
// of the stream once every pump has finished and the workers have drained.
public sealed partial class RealTimeStream
{
    private async Task PumpAsync(ICandleSource source, IReadOnlyList<Symbol> symbols, HashSet<Symbol> symbolSet, Interval interval, Func<Symbol, SymbolWorker> route)
    {
        // Its own stop as well as the stream's: a fault found off the pump (a warm-up of the wrong interval) stops it too.
        using var own = CancellationTokenSource.CreateLinkedTokenSource(_sourceStop.Token);
        lock (_sourceStops)
        {
            _sourceStops[source] = own;
        }

        try
        {
            await PumpAsync(source, symbols, symbolSet, interval, route, own.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_sourceStops)
            {
                _sourceStops.Remove(source);
            }
        }
    }

    private async Task PumpAsync(ICandleSource source, IReadOnlyList<Symbol> symbols, HashSet<Symbol> symbolSet, Interval interval, Func<Symbol, SymbolWorker> route, CancellationToken token)
    {
        int failures = 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await foreach (var update in source.StreamAsync(symbols, interval, token).ConfigureAwait(false))
                {
                    if (token.IsCancellationRequested)
                    {
                        // A source that never awaits would otherwise ignore the stop.
                        return;
                    }

                    failures = 0;
                    _counters.FrameIn();
                    if (!symbolSet.Contains(update.Symbol) || update.Interval != interval)
                    {
                        _counters.Ignore();
                        continue;
                    }

                    var worker = route(update.Symbol);
                    var item = new StreamInput(update, source, StreamCounters.ReceivedNow());
                    if (!worker.Input.TryWrite(item))
                    {
                        // Not the source token: a frame already taken from the source is processed, even when stopping.
                        await worker.Input.WriteAsync(item, _hardStop.Token).ConfigureAwait(false);
                    }
                }

                StreamingLog.SourceCompleted(_logger, source.Name);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested || _hardStop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsPermanent(ex))
            {
                Fault(source, ex);
                return;
            }
            catch (Exception ex)
            {
                // Exponential backoff with full jitter; the sequencer backfills whatever the outage missed.
                double cap = Math.Min(_options.MaxReconnectDelay.TotalMilliseconds, _options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
                var delay = TimeSpan.FromMilliseconds((cap / 2) + (Random.Shared.NextDouble() * cap / 2));
                failures++;
                StreamingLog.SourceFailed(_logger, ex, source.Name, delay);
                _counters.Reconnect(source.Name);
                try
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Malformed or missing files are not transient: restarting the source would fail the same way forever.</summary>
    private static bool IsPermanent(Exception ex) =>
        ex is CandleFormatException or CandleValidationException or FileNotFoundException or DirectoryNotFoundException;

    private void Fault(ICandleSource source, Exception error)
    {
        var fault = new SourceFault(source.Name, error);
        lock (_faults)
        {
            _faults.Add(fault);
        }

        lock (_sourceStops)
        {
            // Under the lock, so the pump cannot dispose it meanwhile.
            _sourceStops.GetValueOrDefault(source)?.Cancel();
        }

        _counters.SourceFaulted();
        StreamingLog.SourceFaulted(_logger, error, source.Name);
        try
        {
            SourceFaulted?.Invoke(this, fault);
        }
        catch (Exception ex)
        {
            StreamingLog.FaultHandlerFailed(_logger, ex, source.Name);
        }
    }

    private async Task RunToCompletionAsync(Task[] pumps, SymbolWorker[] workers, Task[] workerTasks, ChannelWriter<StreamEvent> output, Task fanOut)
    {
        try
        {
            await Task.WhenAll(pumps).ConfigureAwait(false);
            foreach (var worker in workers)
            {
                // Each worker still waits for the warm-ups it started before it ends.
                worker.Input.TryComplete();
            }

            await IgnoreCancellation(Task.WhenAll(workerTasks)).ConfigureAwait(false);

            // Only now: a shared model must not be released under a worker still predicting with it.
            _models?.Dispose();
            _loader?.Dispose();
            output.TryComplete();
            await IgnoreCancellation(fanOut).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
            CompleteReaders();
            return;
        }

        CompleteReaders();
        var s = Statistics;
        StreamingLog.Stopped(_logger, s.CandlesOut, s.Predictions, s.TotalDrops, s.Rejected, s.Backfilled, s.Reconnects);
        var faults = Faults;
        if (faults.Count > 0)
        {
            _completion.TrySetException(faults.Select(f => f.Error));
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
