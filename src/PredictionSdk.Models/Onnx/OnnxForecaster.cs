using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace PredictionSdk.Models.Onnx;

/// <summary>
/// Runs an exported forecasting graph with ONNX Runtime (no libtorch). The graph takes
/// <c>window</c> [batch, window, features] of scaled features and returns <c>forecast</c> [batch, horizons, 4]
/// holding the 5 %, 50 % and 95 % quantiles of the forward log return and the logit of an up move.
/// One session per instance; buffers for single windows are pooled, so the hot path allocates nothing.
/// Thread-safe.
/// </summary>
/// <remarks>
/// Every call runs an even number of windows (a lone window gets a zero companion row, whose output is discarded).
/// ONNX Runtime's CPU matrix kernels compute rows in pairs and a leftover odd row with a different instruction
/// sequence, whose last bits differ; keeping every row in a pair makes a window's forecast the same bits whether it
/// runs alone or inside any batch, so batching never changes a prediction.
/// </remarks>
public sealed class OnnxForecaster : IForecaster, IDisposable
{
    /// <summary>Name of the graph input.</summary>
    public const string InputName = "window";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "forecast";

    /// <summary>Values per horizon in the output: q05, q50, q95, up logit.</summary>
    public const int OutputsPerHorizon = 4;

    private static readonly string[] s_inputNames = [InputName];
    private static readonly string[] s_outputNames = [OutputName];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly int[] _horizons;
    private readonly int _batchChunkSize;
    private readonly int _batchParallelism;
    private readonly ConcurrentBag<Slot> _slots = [];
    private volatile bool _disposed;

    /// <summary>Creates a session for a serialised ONNX model and checks its inputs and outputs.</summary>
    /// <param name="model">The ONNX model bytes.</param>
    /// <param name="windowLength">Feature rows per window.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="horizons">Horizons in the graph's output order.</param>
    /// <param name="options">Session settings.</param>
    /// <exception cref="ModelLoadException">The bytes are not a valid model or its signature does not match.</exception>
    public OnnxForecaster(byte[] model, int windowLength, int featureCount, IReadOnlyList<int> horizons, OnnxForecasterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(horizons);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (horizons.Count == 0)
        {
            throw new ArgumentException("At least one horizon is needed.", nameof(horizons));
        }

        options ??= new OnnxForecasterOptions();
        options.Validate();
        WindowLength = windowLength;
        FeatureCount = featureCount;
        _horizons = [.. horizons];
        Name = options.Name ?? "onnx";
        _batchChunkSize = options.BatchChunkSize;
        _batchParallelism = options.BatchParallelism;

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _session = new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"The ONNX graph cannot be loaded: {ex.Message}", ex);
        }

        try
        {
            CheckSignature();
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int WindowLength { get; }

    /// <summary>Features per window row.</summary>
    public int FeatureCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Horizons => _horizons;

    /// <inheritdoc />
    public void Forecast(ReadOnlySpan<float> window, Span<HorizonForecast> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckSizes(window.Length, 1, output.Length);
        if (!_slots.TryTake(out var slot))
        {
            slot = new Slot(WindowLength, FeatureCount, _horizons.Length);
        }

        try
        {
            // Row 0 is the window; row 1 stays zero (see the remarks) and its output is not read.
            window.CopyTo(slot.Input);
            _session.Run(_runOptions, s_inputNames, slot.InputValues, s_outputNames, slot.OutputValues);
            Decode(slot.Output.AsSpan(0, _horizons.Length * OutputsPerHorizon), output);
        }
        finally
        {
            if (_disposed)
            {
                slot.Dispose();
            }
            else
            {
                _slots.Add(slot);
            }
        }
    }

    /// <summary>
    /// Forecasts <paramref name="count"/> windows laid end to end. The windows are read in place (pinned, not
    /// copied); a batch runs as even chunks of at most <see cref="OnnxForecasterOptions.BatchChunkSize"/> windows, at
    /// least <see cref="OnnxForecasterOptions.BatchParallelism"/> of them, that many at once.
    /// </summary>
    /// <param name="windows"><paramref name="count"/> × <see cref="WindowLength"/> × <see cref="FeatureCount"/> scaled features.</param>
    /// <param name="count">Number of windows.</param>
    /// <param name="output">Receives <paramref name="count"/> × horizons forecasts, window-major.</param>
    public unsafe void ForecastBatch(ReadOnlySpan<float> windows, int count, Span<HorizonForecast> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckSizes(windows.Length, count, output.Length);
        if (count % 2 == 1)
        {
            // An odd window out runs with its zero companion, so every row of every call stays in a pair.
            int size = WindowLength * FeatureCount;
            int h = _horizons.Length;
            Forecast(windows.Slice((count - 1) * size, size), output.Slice((count - 1) * h, h));
            count--;
            if (count == 0)
            {
                return;
            }

            windows = windows[..(count * size)];
        }

        int outputLength = count * _horizons.Length * OutputsPerHorizon;
        float[] result = ArrayPool<float>.Shared.Rent(outputLength);
        try
        {
            fixed (float* input = windows)
            {
                // Even chunks, so that parallel calls finish together.
                int chunks = Math.Max((count + _batchChunkSize - 1) / _batchChunkSize, Math.Min(_batchParallelism, count));
                // Even chunk sizes keep every chunk's row count even (count is even here).
                int chunkSize = (count + chunks - 1) / chunks;
                var batch = new PinnedBatch((nint)input, count, chunkSize + (chunkSize % 2), result);
                chunks = (count + batch.ChunkSize - 1) / batch.ChunkSize;
                if (chunks == 1 || _batchParallelism == 1)
                {
                    for (int c = 0; c < chunks; c++)
                    {
                        RunChunk(batch, c);
                    }
                }
                else
                {
                    // Concurrent calls on one session are safe; with one intra-op thread each, every call keeps one core busy.
                    Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _batchParallelism }, c => RunChunk(batch, c));
                }
            }

            Decode(result.AsSpan(0, outputLength), output);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(result);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_slots.TryTake(out var slot))
        {
            slot.Dispose();
        }

        _session.Dispose();
        _runOptions.Dispose();
    }

    private void RunChunk(PinnedBatch batch, int chunk)
    {
        int first = chunk * batch.ChunkSize;
        int n = Math.Min(batch.ChunkSize, batch.Count - first);
        int windowValues = WindowLength * FeatureCount;
        int outputValues = _horizons.Length * OutputsPerHorizon;
        using var input = OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance,
            TensorElementType.Float,
            [n, WindowLength, FeatureCount],
            batch.Input + ((nint)first * windowValues * sizeof(float)),
            (long)n * windowValues * sizeof(float));
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Output.AsMemory(first * outputValues, n * outputValues), [n, _horizons.Length, OutputsPerHorizon]);
        _session.Run(_runOptions, s_inputNames, [input], s_outputNames, [output]);
    }

    private void Decode(ReadOnlySpan<float> raw, Span<HorizonForecast> output)
    {
        int h = _horizons.Length;
        int n = raw.Length / OutputsPerHorizon;
        for (int i = 0; i < n; i++)
        {
            var v = raw.Slice(i * OutputsPerHorizon, OutputsPerHorizon);
            for (int k = 0; k < OutputsPerHorizon; k++)
            {
                if (!float.IsFinite(v[k]))
                {
                    throw new InvalidOperationException($"The model produced a non-finite value ({v[k]}) for window {i / h}, horizon {_horizons[i % h]}; check the input features.");
                }
            }

            output[i] = new HorizonForecast(_horizons[i % h], v[0], v[1], v[2], 1f / (1f + MathF.Exp(-v[3])));
        }
    }

    private void CheckSizes(int windowValues, int count, int outputLength)
    {
        int size = WindowLength * FeatureCount;
        if (count < 1 || windowValues != count * size)
        {
            throw new ArgumentException($"Expected {count} window(s) of {WindowLength} × {FeatureCount} = {size} values each; got {windowValues} values.");
        }

        if (outputLength < count * _horizons.Length)
        {
            throw new ArgumentException($"Output needs room for {count * _horizons.Length} forecasts; has {outputLength}.");
        }
    }

    private void CheckSignature()
    {
        if (!_session.InputMetadata.TryGetValue(InputName, out var input) || _session.InputMetadata.Count != 1)
        {
            throw new ModelLoadException($"The ONNX graph must have exactly one input named '{InputName}'; it has {string.Join(", ", _session.InputMetadata.Keys)}.");
        }

        if (!_session.OutputMetadata.TryGetValue(OutputName, out var output))
        {
            throw new ModelLoadException($"The ONNX graph has no output named '{OutputName}'; it has {string.Join(", ", _session.OutputMetadata.Keys)}.");
        }

        if (input.ElementType != typeof(float) || input.Dimensions.Length != 3 || input.Dimensions[1] != WindowLength || input.Dimensions[2] != FeatureCount)
        {
            throw new ModelLoadException($"The ONNX input '{InputName}' is [{string.Join(", ", input.Dimensions)}]; the bundle's feature spec needs [batch, {WindowLength}, {FeatureCount}] float.");
        }

        if (output.Dimensions.Length != 3 || output.Dimensions[1] != _horizons.Length || output.Dimensions[2] != OutputsPerHorizon)
        {
            throw new ModelLoadException($"The ONNX output '{OutputName}' is [{string.Join(", ", output.Dimensions)}]; expected [batch, {_horizons.Length}, {OutputsPerHorizon}].");
        }
    }

    /// <summary>A batch's pinned input (address), its split, and its raw output buffer.</summary>
    private readonly record struct PinnedBatch(nint Input, int Count, int ChunkSize, float[] Output);

    /// <summary>Pinned single-window buffers and the ONNX values that wrap them.</summary>
    private sealed class Slot : IDisposable
    {
        public Slot(int window, int features, int horizons)
        {
            // Two rows: the window and a zero companion (see the class remarks).
            Input = new float[2 * window * features];
            Output = new float[2 * horizons * OutputsPerHorizon];
            InputValues = [OrtValue.CreateTensorValueFromMemory(Input, [2, window, features])];
            OutputValues = [OrtValue.CreateTensorValueFromMemory(Output, [2, horizons, OutputsPerHorizon])];
        }

        public float[] Input { get; }

        public float[] Output { get; }

        public OrtValue[] InputValues { get; }

        public OrtValue[] OutputValues { get; }

        public void Dispose()
        {
            InputValues[0].Dispose();
            OutputValues[0].Dispose();
        }
    }
}
