using System.Globalization;

namespace PredictionSdk.Indicators.Tests;

/// <summary>An expected-value CSV from TestData: header row, then one row per bar; empty cells are null.</summary>
internal sealed class OracleTable
{
    private readonly string[] _header;
    private readonly List<string[]> _rows;

    private OracleTable(string name, string[] header, List<string[]> rows)
    {
        Name = name;
        _header = header;
        _rows = rows;
    }

    public string Name { get; }

    public int Count => _rows.Count;

    public static OracleTable Load(string relative)
    {
        string[] lines = File.ReadAllLines(SkenderQuotes.PathOf(relative));
        string[] header = lines[0].TrimStart('\uFEFF').Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        return new OracleTable(relative, header, rows);
    }

    /// <summary>The <paramref name="occurrence"/>-th column called <paramref name="name"/> (the first holds full precision).</summary>
    public double?[] Column(string name, int occurrence = 0)
    {
        int index = -1;
        for (int i = 0, seen = 0; i < _header.Length; i++)
        {
            if (_header[i] == name && seen++ == occurrence)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new ArgumentException($"{Name} has no column '{name}' (occurrence {occurrence}).", nameof(name));
        }

        return _rows.Select(r => index < r.Length && r[index].Length > 0
            ? double.Parse(r[index], NumberStyles.Float, CultureInfo.InvariantCulture)
            : (double?)null).ToArray();
    }

    /// <summary>Dates of the rows (column <c>date</c>).</summary>
    public DateTime[] Dates(string column = "date")
    {
        int index = Array.IndexOf(_header, column);
        return _rows.Select(r => DateTime.Parse(r[index], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)).ToArray();
    }
}
