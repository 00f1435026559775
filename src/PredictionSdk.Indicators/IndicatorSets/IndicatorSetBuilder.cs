namespace PredictionSdk.Indicators;

/// <summary>
/// Configures an <see cref="IndicatorSet"/>: add indicators with their column names (see the <c>Add…</c> extension
/// methods, e.g. <c>AddRsi(14)</c>), or any <see cref="IStreamingIndicator{TResult}"/> with a column writer.
/// </summary>
public sealed class IndicatorSetBuilder
{
    private readonly List<IndicatorSlot> _slots = [];
    private readonly List<string> _columns = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Adds an indicator whose results <paramref name="writer"/> writes into <paramref name="columns"/>.</summary>
    /// <param name="indicator">A fresh indicator; the set owns it from now on.</param>
    /// <param name="writer">Writes one result into a span as wide as <paramref name="columns"/> (NaN for "no value"); must not allocate.</param>
    /// <param name="columns">Column names, unique within the set.</param>
    /// <exception cref="ArgumentException">No columns, an empty name or a name already used.</exception>
    public IndicatorSetBuilder Add<TResult>(IStreamingIndicator<TResult> indicator, IndicatorColumnWriter<TResult> writer, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("An indicator needs at least one column.", nameof(columns));
        }

        foreach (string column in columns)
        {
            if (string.IsNullOrWhiteSpace(column))
            {
                throw new ArgumentException("Column names must not be empty.", nameof(columns));
            }

            if (_names.Contains(column))
            {
                throw new ArgumentException($"Column '{column}' is already in the set.", nameof(columns));
            }
        }

        _slots.Add(new IndicatorSlot<TResult>(indicator, writer, _columns.Count, columns.Length));
        foreach (string column in columns)
        {
            _names.Add(column);
            _columns.Add(column);
        }

        return this;
    }

    /// <summary>Builds the set.</summary>
    /// <exception cref="InvalidOperationException">No indicator was added.</exception>
    public IndicatorSet Build()
    {
        if (_slots.Count == 0)
        {
            throw new InvalidOperationException("Add at least one indicator before building the set.");
        }

        return new IndicatorSet([.. _slots], [.. _columns]);
    }
}
