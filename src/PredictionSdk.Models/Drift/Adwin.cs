namespace PredictionSdk.Models.Drift;

/// <summary>
/// ADWIN2, adaptive windowing (Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive Windowing",
/// SDM 2007): keeps the longest recent window W in which no split W = W₀·W₁ (W₀ older) shows means that differ by
/// more than ε_cut, and drops the older part when one does. A cut is a detected change.
/// </summary>
/// <remarks>
/// <para>The window is stored as the paper's exponential histogram: rows of buckets holding 2^i observations each
/// (count, sum and sum of squared deviations), at most <see cref="AdwinOptions.MaxBucketsPerRow"/> per row; when a row
/// overflows, its two oldest buckets merge into one of the next row. Cut points are the bucket boundaries, checked
/// every <see cref="AdwinOptions.Clock"/> observations, so memory is O(M·log n) and a check costs O(M·log n).</para>
/// <para>The cut test is the paper's practical (Bernstein-type) bound with the window's variance σ²_W:
/// ε_cut = √((2/m)·σ²_W·ln(2/δ′)) + (2/(3m))·ln(2/δ′), with 1/m = 1/n₀ + 1/n₁ and δ′ = δ / ln n (a union bound over
/// the O(log n) cut points, as in the authors' implementation). It assumes values on a unit scale (losses in nats,
/// miss indicators in {0, 1}, scaled pinball losses); the second term is in those units. After a cut the oldest
/// bucket is dropped and the test repeated until no split exceeds its bound.</para>
/// <para>Not thread-safe. No allocation per observation (a new row is allocated only when the window doubles).</para>
/// </remarks>
public sealed class Adwin : IDriftDetector
{
    private readonly int _rowCapacity;
    private readonly double _delta;
    private readonly int _clock;
    private readonly int _minSub;

    // Row r holds buckets of 2^r observations, oldest first; higher rows are older.
    private double[][] _sums = [];
    private double[][] _squares = [];
    private int[] _counts = [];
    private int _rows;

    private long _width;
    private double _total;
    private double _squaresTotal;
    private long _observations;
    private long _ignored;
    private long _detections;
    private double _statistic;
    private double _threshold = double.NaN;

    /// <summary>Creates the detector.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Adwin(AdwinOptions? options = null)
    {
        options ??= new AdwinOptions();
        options.Validate();
        _delta = options.Delta;
        _rowCapacity = options.MaxBucketsPerRow + 1;
        _clock = options.Clock;
        _minSub = options.MinSubWindow;
    }

    /// <inheritdoc />
    public string Name => "adwin";

    /// <summary>Observations in the current window.</summary>
    public long Width => _width;

    /// <summary>Mean of the current window (NaN when empty).</summary>
    public double Mean => _width == 0 ? double.NaN : _total / _width;

    /// <summary>Variance of the current window (population form; NaN when empty).</summary>
    public double Variance => _width == 0 ? double.NaN : _squaresTotal / _width;

    /// <summary>Buckets held (memory is proportional to this).</summary>
    public int BucketCount
    {
        get
        {
            int count = 0;
            for (int r = 0; r < _rows; r++)
            {
                count += _counts[r];
            }

            return count;
        }
    }

    /// <inheritdoc />
    public DriftDetectorState State => new(_observations, _ignored, _detections, _statistic, _threshold, Mean, _width);

    /// <inheritdoc />
    public ChangeDirection Update(double value)
    {
        if (!double.IsFinite(value))
        {
            _ignored++;
            return ChangeDirection.None;
        }

        _observations++;
        Insert(value);
        return _observations % _clock == 0 ? Check() : ChangeDirection.None;
    }

    /// <inheritdoc />
    public void Reset()
    {
        Array.Clear(_counts);
        _rows = 0;
        _width = 0;
        _total = 0;
        _squaresTotal = 0;
        _observations = 0;
        _ignored = 0;
        _detections = 0;
        _statistic = 0;
        _threshold = double.NaN;
    }

    private void Insert(double value)
    {
        if (_width > 0)
        {
            double mean = _total / _width;
            _squaresTotal += _width * (value - mean) * (value - mean) / (_width + 1);
        }

        _width++;
        _total += value;
        EnsureRow(0);
        Append(0, value, 0);
        Compress();
    }

    private void Compress()
    {
        for (int r = 0; r < _rows && _counts[r] == _rowCapacity; r++)
        {
            // Merge the two oldest buckets of the row (each of 2^r observations) into one of the next row.
            double size = Math.ScaleB(1.0, r);
            double s0 = _sums[r][0], s1 = _sums[r][1];
            double d = (s0 - s1) / size;
            double squares = _squares[r][0] + _squares[r][1] + (size / 2 * d * d);
            RemoveFirst(r, 2);
            EnsureRow(r + 1);
            Append(r + 1, s0 + s1, squares);
        }
    }

    private ChangeDirection Check()
    {
        var direction = ChangeDirection.None;
        bool first = true;
        while (_width >= 2L * _minSub)
        {
            var (ratio, difference, epsilon, newerHigher) = MostSignificantCut();
            if (first && !double.IsNaN(epsilon))
            {
                // The state shows the check's most significant split, or the one that cut.
                (_statistic, _threshold) = (difference, epsilon);
            }

            first = false;
            if (ratio <= 1)
            {
                break;
            }

            if (direction == ChangeDirection.None)
            {
                direction = newerHigher ? ChangeDirection.Increase : ChangeDirection.Decrease;
            }

            DropOldest();
        }

        if (direction != ChangeDirection.None)
        {
            _detections++;
        }

        return direction;
    }

    // Scans every bucket boundary, oldest first; returns the split whose |μ̂₀ − μ̂₁| / ε_cut is largest.
    private (double Ratio, double Difference, double Epsilon, bool NewerHigher) MostSignificantCut()
    {
        double variance = _squaresTotal / _width;
        double logTerm = Math.Log(2 * Math.Log(_width) / _delta);
        double best = 0, bestDifference = 0, bestEpsilon = double.NaN;
        bool newerHigher = false;
        long n0 = 0;
        double s0 = 0;
        for (int r = _rows - 1; r >= 0; r--)
        {
            long size = 1L << r;
            for (int k = 0; k < _counts[r]; k++)
            {
                n0 += size;
                s0 += _sums[r][k];
                long n1 = _width - n0;
                if (n1 < _minSub)
                {
                    return (best, bestDifference, bestEpsilon, newerHigher);
                }

                if (n0 < _minSub)
                {
                    continue;
                }

                double mean0 = s0 / n0, mean1 = (_total - s0) / n1;
                double inverseM = (1.0 / n0) + (1.0 / n1);
                double epsilon = Math.Sqrt(2 * inverseM * variance * logTerm) + (2.0 / 3.0 * inverseM * logTerm);
                double difference = Math.Abs(mean0 - mean1);
                double ratio = difference / epsilon;
                if (ratio > best || double.IsNaN(bestEpsilon))
                {
                    (best, bestDifference, bestEpsilon, newerHigher) = (ratio, difference, epsilon, mean1 > mean0);
                }
            }
        }

        return (best, bestDifference, bestEpsilon, newerHigher);
    }

    private void DropOldest()
    {
        int r = _rows - 1;
        double size = Math.ScaleB(1.0, r);
        double sum = _sums[r][0], squares = _squares[r][0];
        long rest = _width - (1L << r);
        if (rest == 0)
        {
            _width = 0;
            _total = 0;
            _squaresTotal = 0;
        }
        else
        {
            // Inverse of the merge: remove the bucket's own squares and the between-part term.
            double restMean = (_total - sum) / rest;
            double d = (sum / size) - restMean;
            _squaresTotal = Math.Max(0, _squaresTotal - squares - (size * rest / _width * d * d));
            _total -= sum;
            _width = rest;
        }

        RemoveFirst(r, 1);
        while (_rows > 0 && _counts[_rows - 1] == 0)
        {
            _rows--;
        }
    }

    private void EnsureRow(int r)
    {
        if (r < _rows)
        {
            return;
        }

        if (r >= _sums.Length)
        {
            int length = Math.Max(4, _sums.Length * 2);
            Array.Resize(ref _sums, length);
            Array.Resize(ref _squares, length);
            Array.Resize(ref _counts, length);
        }

        _sums[r] ??= new double[_rowCapacity];
        _squares[r] ??= new double[_rowCapacity];
        _counts[r] = 0;
        _rows = r + 1;
    }

    private void Append(int r, double sum, double squares)
    {
        int k = _counts[r]++;
        _sums[r][k] = sum;
        _squares[r][k] = squares;
    }

    private void RemoveFirst(int r, int count)
    {
        int left = _counts[r] - count;
        Array.Copy(_sums[r], count, _sums[r], 0, left);
        Array.Copy(_squares[r], count, _squares[r], 0, left);
        _counts[r] = left;
    }
}
