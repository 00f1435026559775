using System.Text.Json;
using PredictionSdk.Models.Bundles;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Cli.Tests;

public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-models-").FullName;

    private string Registry => Path.Combine(_dir, "registry");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The bundled demo model, re-saved with another creation date so that each variant is a distinct version.
    private string Bundle(int n)
    {
        var bundle = ModelBundle.Load(Path.Combine(AppContext.BaseDirectory, "models", "btc-tiny-hybrid.psdk"));
        string path = Path.Combine(_dir, $"model-{n}.psdk");
        bundle.WithManifest(bundle.Manifest with { CreatedUtc = new DateTime(2024, 2, n, 0, 0, 0, DateTimeKind.Utc) }).Save(path);
        return path;
    }

    [Fact]
    public async Task Register_promote_list_show_and_roll_back()
    {
        var (exit, stdout, stderr) = await Psdk.RunAsync("models", "register", "--registry", Registry, "--model", Bundle(1), "--notes", "baseline");
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("Registered btc-usd-v1", stdout, StringComparison.Ordinal);
        (exit, _, stderr) = await Psdk.RunAsync("models", "register", "--registry", Registry, "--model", Bundle(2), "--parent", "btc-usd-v1");
        Assert.True(exit == 0, stderr);

        (exit, stdout, _) = await Psdk.RunAsync("models", "promote", "btc-usd-v1", "--registry", Registry);
        Assert.Equal(0, exit);
        Assert.Equal(["BTC-USD h1: none → btc-usd-v1", "BTC-USD h5: none → btc-usd-v1"], stdout.Trim().Split('\n'));
        (exit, stdout, _) = await Psdk.RunAsync("models", "promote", "btc-usd-v2", "--registry", Registry, "--horizon", "1", "--reason", "won the trial");
        Assert.Equal(0, exit);
        Assert.Equal("BTC-USD h1: btc-usd-v1 → btc-usd-v2", stdout.Trim());

        (exit, stdout, _) = await Psdk.RunAsync("models", "list", "--registry", Registry);
        Assert.Equal(0, exit);
        string[] rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("| btc-usd-v1 | BTC-USD | Hybrid | 1,5 |", rows[2], StringComparison.Ordinal);
        Assert.EndsWith("| — | BTC-USD h5 |", rows[2].Trim(), StringComparison.Ordinal);
        Assert.EndsWith("| btc-usd-v1 | BTC-USD h1 |", rows[3].Trim(), StringComparison.Ordinal);

        (exit, stdout, _) = await Psdk.RunAsync("models", "show", "btc-usd-v2", "--registry", Registry);
        Assert.Equal(0, exit);
        Assert.Contains("lineage    btc-usd-v2 ← btc-usd-v1", stdout, StringComparison.Ordinal);
        Assert.Contains("promote BTC-USD h1: btc-usd-v1 → btc-usd-v2 (won the trial)", stdout, StringComparison.Ordinal);
        Assert.Contains("champion   BTC-USD h1 since", stdout, StringComparison.Ordinal);

        (exit, stdout, _) = await Psdk.RunAsync("models", "rollback", "--registry", Registry, "--symbol", "BTC-USD", "--horizon", "1", "--reason", "worse live");
        Assert.Equal(0, exit);
        Assert.Equal("BTC-USD h1: btc-usd-v2 → btc-usd-v1 (rolled back)", stdout.Trim());
        Assert.Equal("btc-usd-v1", ModelRegistry.Open(Registry).Champion(Symbol.Parse("BTC-USD"), 1)!.Id);

        (exit, stdout, _) = await Psdk.RunAsync("models", "show", "btc-usd-v1", "--registry", Registry, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("baseline", json.RootElement.GetProperty("version").GetProperty("notes").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("history").GetArrayLength());
        Assert.Equal("rollback", json.RootElement.GetProperty("history")[3].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Mistakes_go_through_the_error_boundary_with_its_exit_codes()
    {
        var (exit, stdout, stderr) = await Psdk.RunAsync("models", "show", "btc-usd-v9", "--registry", Registry);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("error: Model registry", stderr, StringComparison.Ordinal);
        Assert.Contains("there is no version 'btc-usd-v9' (the registry is empty)", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));

        (exit, _, stderr) = await Psdk.RunAsync("models", "rollback", "--registry", Registry, "--symbol", "BTC-USD", "--horizon", "1");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("nothing to roll back", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await Psdk.RunAsync("models", "register", "--registry", Registry, "--model", Path.Combine(_dir, "missing.psdk"));
        Assert.Equal(ExitCodes.BadModel, exit);
        Assert.Contains("missing.psdk", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));

        // Only --verbose adds the stack trace, as for every other command.
        (exit, _, stderr) = await Psdk.RunAsync("models", "show", "btc-usd-v9", "--registry", Registry, "--verbose");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("   at ", stderr, StringComparison.Ordinal);

        (exit, stdout, _) = await Psdk.RunAsync("models", "list", "--registry", Registry);
        Assert.Equal(0, exit);
        Assert.StartsWith("No versions in", stdout, StringComparison.Ordinal);
    }
}
