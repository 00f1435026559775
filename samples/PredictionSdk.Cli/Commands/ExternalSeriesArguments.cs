using System.CommandLine;
using System.Globalization;
using PredictionSdk.Data.External;
using PredictionSdk.External;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Cli;

/// <summary>One <c>--external NAME=FILE[,lag=30s][,max-age=5m][,allow-missing][,column=COL]</c> argument.</summary>
/// <param name="Name">Name of the series (the model's column is <c>ext_{Name}</c>).</param>
/// <param name="File">CSV or CSV.gz file with a <c>timestamp</c> and a value column.</param>
/// <param name="Lag">Publication lag, when given.</param>
/// <param name="MaxAge">Longest time the latest public value may be held, when given.</param>
/// <param name="AllowMissing">Predict without the series when it is stale instead of refusing.</param>
/// <param name="Column">Name of the value column; null for <c>value</c> or the second column.</param>
internal sealed record ExternalSeriesArgument(string Name, string File, TimeSpan? Lag, TimeSpan? MaxAge, bool AllowMissing, string? Column)
{
    /// <summary>The feature spec entry this argument asks for (defaults of <see cref="ExternalSeriesSpec"/> where not given).</summary>
    public ExternalSeriesSpec ToSpec()
    {
        var defaults = new ExternalSeriesSpec { Name = Name };
        return defaults with { PublicationLag = Lag ?? defaults.PublicationLag, MaxAge = MaxAge ?? defaults.MaxAge, AllowMissing = AllowMissing };
    }
}

/// <summary>
/// The <c>--external</c> option shared by baselines, train, stream and predict: parsing, loading the files into the
/// shared series store (where every feature pipeline of the process reads them as of each bar's close), and checking
/// them against what a saved model needs.
/// </summary>
internal static class ExternalSeriesArguments
{
    private const string Syntax = "NAME=FILE[,lag=30s][,max-age=5m][,allow-missing][,column=COL]";

    /// <summary>The repeatable <c>--external</c> option.</summary>
    public static Option<string[]> Create(bool forTraining) => new("--external")
    {
        Description = forTraining
            ? $"External series to add as features, repeatable: {Syntax}. The file has a 'timestamp' column and a value column; each bar reads the newest value stamped at or before its close minus lag (durations: 90s, 5m, 2h, 1d)."
            : $"External series file for a model trained with one, repeatable: NAME=FILE[,column=COL]. Every series the model reads must be given; lag and max age come from the model.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Parses every <c>--external</c> value; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static IReadOnlyList<ExternalSeriesArgument> Parse(IEnumerable<string>? values)
    {
        var parsed = (values ?? []).Select(ParseOne).ToList();
        var twice = parsed.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ArgumentException($"--external names the series '{twice.Key}' twice.");
        }

        return parsed;
    }

    /// <summary>Parses one value, e.g. <c>btc_ret=btc.csv,lag=1m,max-age=5m</c>.</summary>
    public static ExternalSeriesArgument ParseOne(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        int equals = parts[0].IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == parts[0].Length - 1)
        {
            throw new ArgumentException($"--external '{text}' must be {Syntax}.");
        }

        string name = parts[0][..equals];
        try
        {
            ExternalSeries.CheckName(name);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--external '{text}': {ex.Message}", ex);
        }

        TimeSpan? lag = null, maxAge = null;
        bool allowMissing = false;
        string? column = null;
        foreach (string part in parts.Skip(1))
        {
            string[] pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            switch (pair[0].ToLowerInvariant())
            {
                case "lag" when pair.Length == 2:
                    lag = ParseDuration(pair[1], $"--external {name} lag");
                    break;
                case "max-age" when pair.Length == 2:
                    maxAge = ParseDuration(pair[1], $"--external {name} max-age");
                    break;
                case "column" when pair.Length == 2 && pair[1].Length > 0:
                    column = pair[1];
                    break;
                case "allow-missing" when pair.Length == 1:
                    allowMissing = true;
                    break;
                default:
                    throw new ArgumentException($"--external '{text}': unknown setting '{part}'; use lag=DURATION, max-age=DURATION, allow-missing or column=NAME.");
            }
        }

        var argument = new ExternalSeriesArgument(name, parts[0][(equals + 1)..], lag, maxAge, allowMissing, column);
        try
        {
            argument.ToSpec().Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--external '{text}': {ex.Message}", ex);
        }

        return argument;
    }

    /// <summary>Parses <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c> or a time span such as <c>00:05:00</c>.</summary>
    public static TimeSpan ParseDuration(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 1 && char.IsAsciiLetter(text[^1])
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
        {
            TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is { } u)
            {
                return u * amount;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new ArgumentException($"{what} '{text}' is not a duration such as 90s, 5m, 2h, 1d or 00:05:00.");
    }

    /// <summary>
    /// Reads each file into its series of <see cref="ExternalSeriesStore.Shared"/> (replacing what it held) and returns
    /// the spec entries, in the order given. A missing file is an I/O error naming <c>--external</c>; a malformed row
    /// an <see cref="ExternalSeriesException"/> naming the file, line and field.
    /// </summary>
    public static async Task<IReadOnlyList<ExternalSeriesSpec>> LoadAsync(IReadOnlyList<ExternalSeriesArgument> arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var specs = new List<ExternalSeriesSpec>(arguments.Count);
        foreach (var argument in arguments)
        {
            string path = CommandInput.File(Path.GetFullPath(argument.File), $"--external {argument.Name}");
            var series = await ExternalSeriesFile.LoadAsync(path, argument.Name, ExternalSeriesStore.Shared, argument.Column, cancellationToken).ConfigureAwait(false);
            if (series.Count == 0)
            {
                throw new ExternalSeriesException(argument.Name, $"{path} holds no observations.");
            }

            var first = series.Snapshot()[0].Timestamp;
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"external {argument.Name}: {series.Count:N0} observations {first:yyyy-MM-ddTHH:mm:ssZ} – {series.Latest!.Value.Timestamp:yyyy-MM-ddTHH:mm:ssZ} from {Path.GetFileName(path)}")).ConfigureAwait(false);
            specs.Add(argument.ToSpec());
        }

        return specs;
    }

    /// <summary>
    /// Loads the series a saved model reads. Every series in <paramref name="model"/> must be given (the error names
    /// the first one that is not), no other series may be, and a lag or max age given on the command line must equal
    /// the one the model was trained with: the model's spec decides how a series is joined.
    /// </summary>
    public static async Task LoadForModelAsync(FeatureSpec model, string modelPath, IReadOnlyList<ExternalSeriesArgument> arguments, TextWriter log, CancellationToken cancellationToken)
    {
        string file = Path.GetFileName(modelPath);
        var needed = model.ExternalSeries ?? [];
        foreach (var series in needed)
        {
            var given = arguments.FirstOrDefault(a => a.Name == series.Name)
                ?? throw new CommandException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture,
                    $"the model {file} reads the external series '{series.Name}' (lag {series.PublicationLag}, max age {series.MaxAge}); pass --external {series.Name}=FILE"));
            if ((given.Lag is { } lag && lag != series.PublicationLag) || (given.MaxAge is { } age && age != series.MaxAge) || (given.AllowMissing && !series.AllowMissing))
            {
                throw new CommandException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture,
                    $"--external {series.Name}: the model {file} was trained with lag {series.PublicationLag}, max age {series.MaxAge}{(series.AllowMissing ? ", allow-missing" : string.Empty)}; give the file only"));
            }
        }

        if (arguments.FirstOrDefault(a => needed.All(s => s.Name != a.Name)) is { } extra)
        {
            string reads = needed.Count == 0 ? "no external series" : "only " + string.Join(", ", needed.Select(s => s.Name));
            throw new CommandException(ExitCodes.BadInput, $"--external {extra.Name}: the model {file} reads {reads}");
        }

        await LoadAsync(arguments, log, cancellationToken).ConfigureAwait(false);
    }
}
