namespace PredictionSdk.Models.Features;

/// <summary>
/// Windows of feature rows with their forward-return targets, aligned by timestamp. A sample ends at
/// row <c>t</c>: its input is rows <c>t − WindowLength + 1 … t</c> (all warmed up) and its target at
/// horizon <c>h</c> is <c>ln(close[t + h] / close[t])</c>, kept only when bar <c>t + h</c> opens exactly
/// <c>h</c> intervals after bar <c>t</c> (so no target spans a gap such as a stock market's night).
/// Windows are views into one shared row matrix, so slices and splits copy nothing.
/// </summary>
public sealed class SupervisedDataset
{
    private readonly FeatureMatrix _matrix;
    private readonly int[] _ends;
    private readonly float[] _targets;
    private readonly int _offset;

    private SupervisedDataset(FeatureSpec spec, FeatureMatrix matrix, int[] ends, float[] targets, int offset, int count, RobustScaler? scaler)
    {
        Spec = spec;
        _matrix = matrix;
        _ends = ends;
        _targets = targets;
        _offset = offset;
        Count = count;
        Scaler = scaler;
    }

    /// <summary>The spec the features and targets were built with.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>The scaler applied to the features, or null for raw features.</summary>
    public RobustScaler? Scaler { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Feature rows per window.</summary>
    public int WindowLength => Spec.WindowLength;

    /// <summary>Features per row.</summary>
    public int FeatureCount => _matrix.Columns;

    /// <summary>Feature names, in column order.</summary>
    public IReadOnlyList<string> FeatureNames => _matrix.FeatureNames;

    /// <summary>Horizons in bars, in target order.</summary>
    public IReadOnlyList<int> Horizons => Spec.Horizons;

    /// <summary>The underlying row matrix (every row of the source candles).</summary>
    public FeatureMatrix Matrix => _matrix;

    /// <summary>
    /// Computes features over <paramref name="candles"/> and forms every complete sample.
    /// </summary>
    /// <exception cref="InsufficientDataException">Too few candles for the warm-up, the window and the largest horizon.</exception>
    /// <exception cref="IntervalMismatchException">The candles' spacing shows another interval than the spec's.</exception>
    public static SupervisedDataset Build(IReadOnlyList<Candle> candles, FeatureSpec spec) => Build(candles, spec, null);

    /// <summary>
    /// Computes features over <paramref name="candles"/>, reading the context symbols' bars from <paramref name="context"/>
    /// (<see cref="FeaturePipeline.TransformWithContext"/>),
    /// and forms every complete sample. Rows whose context was missing beyond its age limit are not samples;
    /// <see cref="FeatureMatrix.ContextStaleRows"/> of <see cref="Matrix"/> counts them.
    /// </summary>
    /// <exception cref="InsufficientDataException">Too few candles for the warm-up, the window and the largest horizon.</exception>
    /// <exception cref="IntervalMismatchException">The candles' spacing shows another interval than the spec's.</exception>
    /// <exception cref="ArgumentException">The spec reads a context symbol that <paramref name="context"/> lacks.</exception>
    public static SupervisedDataset Build(IReadOnlyList<Candle> candles, FeatureSpec spec, IReadOnlyDictionary<Symbol, IReadOnlyList<Candle>>? context)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Validation.IntervalDetector.EnsureMatches(spec.Interval, candles, null, "the feature spec");
        int required = MinimumCandles(spec);
        if (candles.Count < required)
        {
            throw new InsufficientDataException(Describe(spec), required, candles.Count);
        }

        var matrix = FeaturePipeline.TransformWithContext(candles, spec, context);
        return FromMatrix(matrix, spec, required);
    }

    /// <summary>Forms samples from a precomputed feature matrix (rows must come from <see cref="FeaturePipeline.Transform(IReadOnlyList{Candle}, FeatureSpec, FeatureExtensions?)"/> with the same spec).</summary>
    public static SupervisedDataset FromMatrix(FeatureMatrix matrix, FeatureSpec spec) => FromMatrix(matrix, spec, MinimumCandles(spec));

    /// <summary>Fewest candles that can yield one sample when no bar is missing: warm-up + window − 1 + largest horizon.</summary>
    public static int MinimumCandles(FeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new FeaturePipeline(spec).WarmupBars + spec.WindowLength - 1 + spec.MaxHorizon;
    }

    private static SupervisedDataset FromMatrix(FeatureMatrix matrix, FeatureSpec spec, int required)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.Rows, window = spec.WindowLength;
        long step = spec.Interval.Duration.Ticks;
        var ends = new List<int>();
        var targets = new List<float>();
        int readyRun = 0;
        for (int t = 0; t < rows; t++)
        {
            readyRun = matrix.Ready[t] ? readyRun + 1 : 0;
            if (readyRun < window)
            {
                continue;
            }

            bool complete = true;
            foreach (int h in spec.Horizons)
            {
                if (t + h >= rows || matrix.Timestamps[t + h].Ticks - matrix.Timestamps[t].Ticks != h * step)
                {
                    complete = false;
                    break;
                }
            }

            if (!complete)
            {
                continue;
            }

            ends.Add(t);
            foreach (int h in spec.Horizons)
            {
                targets.Add((float)Math.Log(matrix.Closes[t + h] / matrix.Closes[t]));
            }
        }

        if (ends.Count == 0)
        {
            throw new InsufficientDataException(
                $"{Describe(spec)} found no complete sample in {rows} bars (gaps break windows and targets); it needs at least {required} consecutive bars.");
        }

        return new SupervisedDataset(spec, matrix, ends.ToArray(), targets.ToArray(), 0, ends.Count, null);
    }

    private static string Describe(FeatureSpec spec) =>
        FormattableString.Invariant($"A dataset with window {spec.WindowLength} and horizons {string.Join(",", spec.Horizons)}");

    /// <summary>Row index (into <see cref="Matrix"/>) of the last row of sample <paramref name="sample"/>.</summary>
    public int EndRow(int sample) => _ends[_offset + CheckSample(sample)];

    /// <summary>Open time of the last bar of sample <paramref name="sample"/>, i.e. when the forecast is made.</summary>
    public DateTime Timestamp(int sample) => _matrix.Timestamps[EndRow(sample)];

    /// <summary>Close of the last bar of the sample (the price the forward returns start from).</summary>
    public double Close(int sample) => _matrix.Closes[EndRow(sample)];

    /// <summary>The sample's window: <see cref="WindowLength"/> × <see cref="FeatureCount"/> values, row-major, oldest first.</summary>
    public ReadOnlySpan<float> Window(int sample)
    {
        int end = EndRow(sample);
        int columns = FeatureCount;
        return _matrix.Values.AsSpan((end - WindowLength + 1) * columns, WindowLength * columns);
    }

    /// <summary>The last feature row of the sample's window.</summary>
    public ReadOnlySpan<float> LastRow(int sample) => _matrix.Row(EndRow(sample));

    /// <summary>Forward log return of sample <paramref name="sample"/> at the horizon with index <paramref name="horizonIndex"/>.</summary>
    public float Target(int sample, int horizonIndex) => _targets[((_offset + CheckSample(sample)) * Horizons.Count) + horizonIndex];

    /// <summary>Direction of the target: +1 up, −1 down, 0 flat.</summary>
    public int Direction(int sample, int horizonIndex) => Math.Sign(Target(sample, horizonIndex));

    /// <summary>Copies windows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 into a [count × window × features] buffer.</summary>
    public void CopyWindows(int start, int count, Span<float> destination)
    {
        int size = WindowLength * FeatureCount;
        if (destination.Length < (long)count * size)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values; {count} windows need {(long)count * size}.", nameof(destination));
        }

        for (int i = 0; i < count; i++)
        {
            Window(start + i).CopyTo(destination.Slice(i * size, size));
        }
    }

    /// <summary>Copies targets of samples <paramref name="start"/> … into a [count × horizons] buffer.</summary>
    public void CopyTargets(int start, int count, Span<float> destination)
    {
        int h = Horizons.Count;
        CheckSample(start);
        if (count > 0)
        {
            CheckSample(start + count - 1);
        }

        _targets.AsSpan((_offset + start) * h, count * h).CopyTo(destination);
    }

    /// <summary>A contiguous range of samples sharing this dataset's rows.</summary>
    public SupervisedDataset Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Slice {start}+{count} lies outside {Count} samples.");
        }

        return new SupervisedDataset(Spec, _matrix, _ends, _targets, _offset + start, count, Scaler);
    }

    /// <summary>
    /// First sample that may be tested after training on samples up to <paramref name="lastTrainSample"/>:
    /// its window starts after the last bar any training target reaches (purge gap = largest horizon, plus the window).
    /// </summary>
    public int FirstTestSampleAfter(int lastTrainSample)
    {
        int lastTargetRow = EndRow(lastTrainSample) + Spec.MaxHorizon;
        for (int j = lastTrainSample + 1; j < Count; j++)
        {
            if (EndRow(j) - WindowLength + 1 > lastTargetRow)
            {
                return j;
            }
        }

        return Count;
    }

    /// <summary>
    /// Splits chronologically: the first <paramref name="trainFraction"/> of samples train, and testing starts
    /// after a purge gap so that no training target overlaps a test window.
    /// </summary>
    /// <exception cref="InsufficientDataException">Either side would be empty.</exception>
    public (SupervisedDataset Train, SupervisedDataset Test) SplitChronologically(double trainFraction)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "The training fraction must lie strictly between 0 and 1.");
        }

        int trainCount = (int)(Count * trainFraction);
        int testStart = trainCount > 0 ? FirstTestSampleAfter(trainCount - 1) : Count;
        if (trainCount < 1 || testStart >= Count)
        {
            throw new InsufficientDataException(FormattableString.Invariant(
                $"Splitting {Count} samples at {trainFraction:P0} with a purge gap of {Spec.MaxHorizon + WindowLength - 1} bars leaves an empty side."));
        }

        return (Slice(0, trainCount), Slice(testStart, Count - testStart));
    }

    /// <summary>
    /// Fits a <see cref="RobustScaler"/> to the rows this dataset's windows cover, and nothing else.
    /// Call it on the training slice only.
    /// </summary>
    public RobustScaler FitScaler(float clip = RobustScaler.DefaultClip)
    {
        if (Scaler is not null)
        {
            throw new InvalidOperationException("This dataset is already scaled; fit the scaler on the raw training slice.");
        }

        if (Count == 0)
        {
            throw new InsufficientDataException("Fitting a scaler", 1, 0);
        }

        int first = EndRow(0) - WindowLength + 1;
        int last = EndRow(Count - 1);
        return RobustScaler.Fit(FeatureNames, _matrix.Values, first, last - first + 1, clip);
    }

    /// <summary>A dataset with the same samples whose rows are scaled by <paramref name="scaler"/> (every row is transformed; statistics are not refit).</summary>
    public SupervisedDataset Scale(RobustScaler scaler)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        if (Scaler is not null)
        {
            throw new InvalidOperationException("This dataset is already scaled.");
        }

        if (!scaler.FeatureNames.SequenceEqual(FeatureNames))
        {
            throw new ArgumentException("The scaler was fit on different features.", nameof(scaler));
        }

        var values = new float[_matrix.Values.Length];
        int columns = FeatureCount;
        for (int r = 0; r < _matrix.Rows; r++)
        {
            scaler.Transform(_matrix.Values.AsSpan(r * columns, columns), values.AsSpan(r * columns, columns));
        }

        var scaled = _matrix with { Values = values };
        return new SupervisedDataset(Spec, scaled, _ends, _targets, _offset, Count, scaler);
    }

    private int CheckSample(int sample)
    {
        if ((uint)sample >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(sample), sample, $"The dataset has {Count} samples.");
        }

        return sample;
    }
}
