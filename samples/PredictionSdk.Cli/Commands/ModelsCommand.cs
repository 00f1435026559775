using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PredictionSdk.Models;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Cli;

/// <summary><c>psdk models list|show|register|promote|rollback --registry DIR</c>: the model registry.</summary>
/// <remarks>
/// Errors go through the CLI's one error boundary (<see cref="CommandErrors"/>): 2 for a registry mistake (unknown
/// version, nothing to roll back), 3 for a bundle that cannot be loaded, 4 for a registry folder that cannot be read or written.
/// </remarks>
internal static class ModelsCommand
{
    private const int ExitOk = ExitCodes.Ok;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        var models = new Command("models", "The model registry: versions with their lineage, champions per symbol and horizon, promotions and rollbacks.");
        models.Subcommands.Add(List());
        models.Subcommands.Add(Show());
        models.Subcommands.Add(Register());
        models.Subcommands.Add(Promote());
        models.Subcommands.Add(Rollback());
        return models;
    }

    private static Option<string> RegistryOption() => new("--registry") { Description = "Registry folder (holds index.json and versions/).", Required = true };

    private static Command List()
    {
        var registry = RegistryOption();
        var symbol = new Option<string?>("--symbol") { Description = "Only versions trained on this symbol." };
        var json = new Option<bool>("--json") { Description = "Print the versions as JSON." };
        var command = new Command("list", "Lists the registered versions and what each serves.") { registry, symbol, json };
        command.SetAction((parse, _) => Run(parse, (stdout, _) =>
        {
            var reg = ModelRegistry.Open(parse.GetValue(registry)!);
            var versions = reg.Versions.Where(v => parse.GetValue(symbol) is not { } s || v.Symbol == Symbol.Parse(s).Value).ToList();
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(versions, Json));
                return ExitOk;
            }

            if (versions.Count == 0)
            {
                stdout.WriteLine($"No versions in {reg.Folder}.");
                return ExitOk;
            }

            stdout.WriteLine("| id | symbol | type | horizons | data | registered | parent | serves |");
            stdout.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var v in versions)
            {
                string serves = string.Join(", ", reg.Champions.Where(c => c.VersionId == v.Id).Select(c => $"{c.Symbol} h{c.Horizon}"));
                stdout.WriteLine(Invariant($"| {v.Id} | {v.Symbol} | {v.ModelType} | {string.Join(",", v.Horizons)} | {v.Data.Start:yyyy-MM-dd} – {v.Data.End:yyyy-MM-dd} | {v.RegisteredUtc:yyyy-MM-dd HH:mm} | {v.ParentId ?? "—"} | {(serves.Length == 0 ? "—" : serves)} |"));
            }

            return ExitOk;
        }));
        return command;
    }

    private static Command Show()
    {
        var registry = RegistryOption();
        var id = new Argument<string>("id") { Description = "Version id, e.g. btc-usd-v3." };
        var json = new Option<bool>("--json") { Description = "Print the version and its promotion history as JSON." };
        var command = new Command("show", "Shows a version: lineage, data range, training settings, offline and live metrics, promotion history.") { id, registry, json };
        command.SetAction((parse, _) => Run(parse, (stdout, _) =>
        {
            var reg = ModelRegistry.Open(parse.GetValue(registry)!);
            var v = reg.Get(parse.GetValue(id)!);
            var history = reg.History(v.Id);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new { version = v, history }, Json));
                return ExitOk;
            }

            stdout.WriteLine(Invariant($"{v.Id}: {v.ModelType} for {v.Symbol} {v.Interval}, horizons {string.Join(", ", v.Horizons)}"));
            stdout.WriteLine(Invariant($"bundle     {(v.Linked ? "linked " : string.Empty)}{v.Bundle} ({v.SizeBytes:N0} bytes, SHA-256 {v.Sha256[..16]}…)"));
            stdout.WriteLine(Invariant($"created    {v.CreatedUtc:u}, registered {v.RegisteredUtc:u}"));
            stdout.WriteLine(Invariant($"data       {v.Data.Start:u} – {v.Data.End:u}, {v.Data.TrainSamples:N0} training and {v.Data.ValidationSamples:N0} validation samples"));
            stdout.WriteLine($"lineage    {string.Join(" ← ", Lineage(reg, v))}");
            if (v.Notes is { } notes)
            {
                stdout.WriteLine($"notes      {notes}");
            }

            stdout.WriteLine($"training   {v.TrainingOptions.ToJsonString()}");
            stdout.WriteLine("offline metrics:");
            foreach (var (name, value) in v.OfflineMetrics)
            {
                stdout.WriteLine(Invariant($"  {name} = {value:0.#####}"));
            }

            stdout.WriteLine(v.LiveMetrics.Count == 0 ? "live metrics: none yet" : "live metrics:");
            foreach (var m in v.LiveMetrics)
            {
                stdout.WriteLine(Invariant($"  {m.FromUtc:u} – {m.ToUtc:u} {m.Role} {m.Symbol ?? "all"} h{m.Horizon}: {m.Samples:N0} outcomes, accuracy {Number(m.DirectionAccuracy)}, log loss {Number(m.LogLoss)}, coverage {Number(m.Coverage)}"));
            }

            var serving = reg.Champions.Where(c => c.VersionId == v.Id).Select(c => Invariant($"{c.Symbol} h{c.Horizon} since {c.SinceUtc:u}")).ToList();
            stdout.WriteLine($"champion   {(serving.Count == 0 ? "of nothing" : string.Join("; ", serving))}");
            stdout.WriteLine(history.Count == 0 ? "history: no promotion yet" : "history:");
            foreach (var h in history)
            {
                stdout.WriteLine(Invariant($"  {h.AtUtc:u} {h.Kind.ToString().ToLowerInvariant()} {h.Symbol} h{h.Horizon}: {h.PreviousVersionId ?? "none"} → {h.VersionId} ({h.Reason})"));
            }

            return ExitOk;
        }));
        return command;
    }

    private static Command Register()
    {
        var registry = RegistryOption();
        var model = new Option<FileInfo>("--model") { Description = "Bundle (.psdk) to register.", Required = true };
        var parent = new Option<string?>("--parent") { Description = "The version it derives from." };
        var notes = new Option<string?>("--notes") { Description = "Free text recorded with the version." };
        var link = new Option<bool>("--link") { Description = "Keep the bundle where it is instead of copying it into the registry." };
        var command = new Command("register", "Registers a bundle as a new version (copied into the registry), with its lineage from the manifest.") { registry, model, parent, notes, link };
        command.SetAction((parse, ct) => Run(parse, (stdout, _) =>
        {
            var reg = ModelRegistry.Open(parse.GetValue(registry)!);
            var v = reg.Register(parse.GetValue(model)!.FullName, new ModelRegistration { ParentId = parse.GetValue(parent), Notes = parse.GetValue(notes), Link = parse.GetValue(link) }, ct);
            stdout.WriteLine($"Registered {v.Id} ({v.ModelType} for {v.Symbol}, horizons {string.Join(", ", v.Horizons)}).");
            return ExitOk;
        }));
        return command;
    }

    private static Command Promote()
    {
        var registry = RegistryOption();
        var id = new Argument<string>("id") { Description = "Version to make champion." };
        var symbol = new Option<string?>("--symbol") { Description = $"Symbol it serves (default: the one it was trained on; {ModelRegistry.AnySymbol} for every symbol without a champion of its own)." };
        var horizon = new Option<int[]>("--horizon") { Description = "Horizons it serves (default: all it predicts).", AllowMultipleArgumentsPerToken = true };
        var reason = new Option<string>("--reason") { Description = "Why, recorded in the history.", DefaultValueFactory = _ => "manual promotion" };
        var command = new Command("promote", "Makes a version the champion for a symbol and horizons; the change is recorded with its reason.") { id, registry, symbol, horizon, reason };
        command.SetAction((parse, ct) => Run(parse, (stdout, _) =>
        {
            var reg = ModelRegistry.Open(parse.GetValue(registry)!);
            int[]? horizons = parse.GetValue(horizon) is { Length: > 0 } h ? h : null;
            var records = reg.Promote(parse.GetValue(id)!, parse.GetValue(symbol), horizons, parse.GetValue(reason)!, cancellationToken: ct);
            if (records.Count == 0)
            {
                stdout.WriteLine($"{parse.GetValue(id)} already serves those horizons; nothing changed.");
            }

            foreach (var r in records)
            {
                stdout.WriteLine(Invariant($"{r.Symbol} h{r.Horizon}: {r.PreviousVersionId ?? "none"} → {r.VersionId}"));
            }

            return ExitOk;
        }));
        return command;
    }

    private static Command Rollback()
    {
        var registry = RegistryOption();
        var symbol = new Option<string>("--symbol") { Description = $"Symbol (or {ModelRegistry.AnySymbol}).", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "Horizon.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, recorded in the history.", DefaultValueFactory = _ => "manual rollback" };
        var command = new Command("rollback", "Gives a symbol and horizon back to the version its champion replaced.") { registry, symbol, horizon, reason };
        command.SetAction((parse, ct) => Run(parse, (stdout, _) =>
        {
            var reg = ModelRegistry.Open(parse.GetValue(registry)!);
            var r = reg.Rollback(parse.GetValue(symbol)!, parse.GetValue(horizon), parse.GetValue(reason)!, cancellationToken: ct);
            stdout.WriteLine(Invariant($"{r.Symbol} h{r.Horizon}: {r.PreviousVersionId} → {r.VersionId} (rolled back)"));
            return ExitOk;
        }));
        return command;
    }

    private static IEnumerable<string> Lineage(ModelRegistry registry, ModelVersionInfo version)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var v = version; v is not null && seen.Add(v.Id); v = v.ParentId is { } p ? registry.TryGet(p) : null)
        {
            yield return v.Id;
        }
    }

    // Failures propagate to the error boundary, which words them and picks the documented exit code.
    private static Task<int> Run(ParseResult parse, Func<TextWriter, TextWriter, int> body) =>
        Task.FromResult(body(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
