using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace PredictionSdk.Data.Parquet;

/// <summary>
/// Parquet read/write for long candle histories. Columns: <c>timestamp</c> (TIMESTAMP(MILLIS, UTC)), and
/// <c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>, <c>volume</c> as required DOUBLE, and the order-flow columns
/// <c>quote_volume</c>, <c>count</c>, <c>taker_buy_volume</c>, <c>taker_buy_quote_volume</c> as optional DOUBLE
/// (null where the candle's field is <see cref="double.NaN"/>, not reported), written in row groups. Files without the
/// order-flow columns read with those fields NaN.
/// Reading also accepts an INT64 epoch <c>timestamp</c> (seconds, milliseconds or microseconds by magnitude)
/// and FLOAT price columns, so files written by other tools load too.
/// </summary>
public static partial class CandleParquetFile
{
    /// <summary>Rows per row group when writing: large enough for good compression, small enough to stream.</summary>
    public const int DefaultRowGroupSize = 128 * 1024;

    private static readonly string[] PriceColumns = ["open", "high", "low", "close", "volume"];
    private static readonly string[] OrderFlowColumns = ["quote_volume", "count", "taker_buy_volume", "taker_buy_quote_volume"];

    /// <summary>Writes <paramref name="candles"/> to <paramref name="path"/> atomically (<see cref="IO.AtomicFile"/>); returns the number of rows.</summary>
    public static Task<long> WriteAsync(string path, IAsyncEnumerable<Candle> candles, int rowGroupSize = DefaultRowGroupSize, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        return IO.AtomicFile.WriteAsync(path, (stream, ct) => WriteAsync(stream, candles, rowGroupSize, ct), cancellationToken);
    }

    /// <summary>Writes <paramref name="candles"/> as Parquet to <paramref name="stream"/> (left open); returns the number of rows.</summary>
    public static async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<Candle> candles, int rowGroupSize = DefaultRowGroupSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        var timestampField = new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        var valueFields = PriceColumns.Select(name => new DataField<double>(name, false)).ToArray();
        var flowFields = OrderFlowColumns.Select(name => new DataField<double?>(name, true)).ToArray();
        var schema = new ParquetSchema([timestampField, .. valueFields, .. flowFields]);

        var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var times = new DateTime[rowGroupSize];
            var columns = new double[PriceColumns.Length][];
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c] = new double[rowGroupSize];
            }

            var flows = new double?[OrderFlowColumns.Length][];
            for (int c = 0; c < flows.Length; c++)
            {
                flows[c] = new double?[rowGroupSize];
            }

            long total = 0;
            int count = 0;
            await foreach (var candle in candles.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                times[count] = candle.Timestamp;
                columns[0][count] = candle.Open;
                columns[1][count] = candle.High;
                columns[2][count] = candle.Low;
                columns[3][count] = candle.Close;
                columns[4][count] = candle.Volume;
                flows[0][count] = NullIfNotReported(candle.QuoteVolume);
                flows[1][count] = NullIfNotReported(candle.TradeCount);
                flows[2][count] = NullIfNotReported(candle.TakerBuyVolume);
                flows[3][count] = NullIfNotReported(candle.TakerBuyQuoteVolume);
                if (++count == rowGroupSize)
                {
                    await WriteRowGroupAsync(writer, timestampField, valueFields, flowFields, times, columns, flows, count, cancellationToken).ConfigureAwait(false);
                    total += count;
                    count = 0;
                }
            }

            if (count > 0 || total == 0)
            {
                await WriteRowGroupAsync(writer, timestampField, valueFields, flowFields, times, columns, flows, count, cancellationToken).ConfigureAwait(false);
                total += count;
            }

            return total;
        }
    }

    /// <summary>Streams the candles of a Parquet file, row group by row group.</summary>
    /// <exception cref="CandleFormatException">A required column is missing or has an unsupported type, or a value is null.</exception>
    public static async IAsyncEnumerable<Candle> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            ParquetReader reader;
            try
            {
                reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
            {
                throw new CandleFormatException("not a readable Parquet file", path, null, innerException: ex);
            }

            await using (reader.ConfigureAwait(false))
            {
                DataField timestampField = FindField(reader.Schema, "timestamp", path);
                DataField[] valueFields = [.. PriceColumns.Select(name => FindField(reader.Schema, name, path))];
                DataField?[] flowFields = [.. OrderFlowColumns.Select(name => FindOptionalField(reader.Schema, name))];
                for (int g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    int rows = checked((int)group.RowCount);
                    DateTime[] times = await ReadTimestampsAsync(group, timestampField, rows, path, cancellationToken).ConfigureAwait(false);
                    var values = new double[valueFields.Length][];
                    for (int c = 0; c < valueFields.Length; c++)
                    {
                        values[c] = await ReadDoublesAsync(group, valueFields[c], rows, path, cancellationToken).ConfigureAwait(false);
                    }

                    var flows = new double[flowFields.Length][];
                    for (int c = 0; c < flowFields.Length; c++)
                    {
                        flows[c] = flowFields[c] is { } field
                            ? await ReadDoublesAsync(group, field, rows, path, cancellationToken, nullIsNaN: true).ConfigureAwait(false)
                            : NotReported(rows);
                    }

                    for (int i = 0; i < rows; i++)
                    {
                        yield return new Candle(times[i], values[0][i], values[1][i], values[2][i], values[3][i], values[4][i],
                            flows[0][i], flows[1][i], flows[2][i], flows[3][i]);
                    }

                }
            }
        }
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, DataField timestampField, DataField[] valueFields, DataField[] flowFields, DateTime[] times, double[][] columns, double?[][] flows, int count, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<DateTime>(timestampField, times.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int c = 0; c < valueFields.Length; c++)
        {
            await group.WriteAsync<double>(valueFields[c], columns[c].AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        for (int c = 0; c < flowFields.Length; c++)
        {
            await group.WriteAsync<double>(flowFields[c], flows[c].AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        group.CompleteValidate();
    }

    private static double? NullIfNotReported(double value) => double.IsNaN(value) ? null : value;

    private static DataField? FindOptionalField(ParquetSchema schema, string name)
    {
        foreach (var field in schema.DataFields)
        {
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        return null;
    }

    private static DataField FindField(ParquetSchema schema, string name, string path)
    {
        foreach (var field in schema.DataFields)
        {
            if (string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        throw new CandleFormatException($"Parquet file has no '{name}' column; expected timestamp,open,high,low,close,volume", path, null, "column", name);
    }

    private static async Task<DateTime[]> ReadTimestampsAsync(ParquetRowGroupReader group, DataField field, int rows, string path, CancellationToken cancellationToken)
    {
        var times = new DateTime[rows];
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(DateTime))
        {
            if (field.IsNullable)
            {
                var nullable = new DateTime?[rows];
                await group.ReadAsync<DateTime>(field, nullable.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < rows; i++)
                {
                    times[i] = nullable[i] ?? throw new CandleFormatException("null timestamp", path, i + 1, field.Name);
                }
            }
            else
            {
                await group.ReadAsync<DateTime>(field, times.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            for (int i = 0; i < rows; i++)
            {
                // Parquet TIMESTAMP(UTC) values come back with an unspecified or UTC kind; they are UTC instants.
                times[i] = DateTime.SpecifyKind(times[i], DateTimeKind.Utc);
            }

            return times;
        }

        if (type == typeof(long) && !field.IsNullable)
        {
            var raw = new long[rows];
            await group.ReadAsync<long>(field, raw.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rows; i++)
            {
                long magnitude = Math.Abs(raw[i]);
                long ticks = magnitude < 100_000_000_000L ? raw[i] * TimeSpan.TicksPerSecond
                    : magnitude < 100_000_000_000_000L ? raw[i] * TimeSpan.TicksPerMillisecond
                    : raw[i] * TimeSpan.TicksPerMicrosecond;
                times[i] = new DateTime(DateTime.UnixEpoch.Ticks + ticks, DateTimeKind.Utc);
            }

            return times;
        }

        throw new CandleFormatException("timestamp column must be a TIMESTAMP or a required INT64 epoch", path, null, field.Name, field.ClrType.Name);
    }

    private static double[] NotReported(int rows)
    {
        var values = new double[rows];
        Array.Fill(values, double.NaN);
        return values;
    }

    // nullIsNaN: an optional (order-flow) column, where null means "not reported".
    private static async Task<double[]> ReadDoublesAsync(ParquetRowGroupReader group, DataField field, int rows, string path, CancellationToken cancellationToken, bool nullIsNaN = false)
    {
        var values = new double[rows];
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(double) && !field.IsNullable)
        {
            await group.ReadAsync<double>(field, values.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (type == typeof(double))
        {
            var nullable = new double?[rows];
            await group.ReadAsync<double>(field, nullable.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rows; i++)
            {
                values[i] = nullable[i] ?? (nullIsNaN ? double.NaN : throw new CandleFormatException("null value", path, i + 1, field.Name));
            }
        }
        else if (type == typeof(float) && !field.IsNullable)
        {
            var floats = new float[rows];
            await group.ReadAsync<float>(field, floats.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rows; i++)
            {
                values[i] = floats[i];
            }
        }
        else if (type == typeof(long) && nullIsNaN)
        {
            // Trade counts are integers in files written by other tools.
            var longs = new long?[rows];
            if (field.IsNullable)
            {
                await group.ReadAsync<long>(field, longs.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var required = new long[rows];
                await group.ReadAsync<long>(field, required.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < rows; i++)
                {
                    longs[i] = required[i];
                }
            }

            for (int i = 0; i < rows; i++)
            {
                values[i] = longs[i] ?? double.NaN;
            }
        }
        else
        {
            throw new CandleFormatException(nullIsNaN ? "column must be DOUBLE, FLOAT or INT64" : "column must be a required DOUBLE or FLOAT", path, null, field.Name, field.ClrType.Name);
        }

        return values;
    }
}
