using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Models.Tests.Registry;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("psdk-registry-").FullName;

    private string RegistryFolder => Path.Combine(_dir, "registry");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_registered_version_keeps_its_lineage_and_its_bundle()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        string path = TestBundles.Variant(_dir, 1, accuracy: 0.53);
        var v1 = registry.Register(path, new ModelRegistration { Notes = "first", TrainingOptions = new JsonObject { ["trigger"] = "schedule" } });

        Assert.Equal("btc-usd-v1", v1.Id);
        Assert.Equal("BTC-USD", v1.Symbol);
        Assert.Equal("1m", v1.Interval);
        Assert.Equal([1, 5], v1.Horizons);
        Assert.Equal(ModelType.Hybrid, v1.ModelType);
        Assert.Equal(Path.Combine("versions", "btc-usd-v1", "model.psdk"), v1.Bundle);
        Assert.False(v1.Linked);
        Assert.Equal(new FileInfo(path).Length, v1.SizeBytes);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), v1.Data.Start);
        Assert.Equal(1230, v1.Data.TrainSamples);
        Assert.Equal(0.53, v1.OfflineMetrics["h1.directionalAccuracy"]);
        Assert.Equal(3, (int)v1.TrainingOptions["seed"]!);
        Assert.Equal(8, (int)v1.TrainingOptions["windowLength"]!);
        Assert.Equal("schedule", (string)v1.TrainingOptions["trigger"]!);
        Assert.Equal("first", v1.Notes);
        Assert.Null(v1.ParentId);

        // The copy is the registry's own: deleting the original does not matter.
        File.Delete(path);
        Assert.Equal(v1.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(registry.GetBundlePath(v1.Id)))));
        Assert.Equal(0.53, registry.LoadBundle(v1.Id).Manifest.Metrics["h1.directionalAccuracy"]);
        using var model = registry.LoadModel(v1.Id);
        Assert.StartsWith("hybrid-", model.Version, StringComparison.Ordinal);

        // Another process (here: another instance) sees the same.
        var reopened = ModelRegistry.Open(RegistryFolder);
        TestBundles.AssertSame(v1, reopened.Get(v1.Id));
    }

    [Fact]
    public void Versions_number_per_symbol_record_parents_and_the_same_bundle_is_registered_once()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        var b1 = registry.Register(TestBundles.Variant(_dir, 1));
        var e1 = registry.Register(TestBundles.Variant(_dir, 1, symbol: "ETH-USD"));
        var b2 = registry.Register(TestBundles.Variant(_dir, 2), new ModelRegistration { ParentId = b1.Id });
        var again = registry.Register(TestBundles.Variant(_dir, 2));

        Assert.Equal(["btc-usd-v1", "eth-usd-v1", "btc-usd-v2"], registry.Versions.Select(v => v.Id));
        Assert.Equal(b1.Id, b2.ParentId);
        TestBundles.AssertSame(b2, again);
        Assert.Equal("eth-usd-v1", e1.Id);
        var ex = Assert.Throws<ModelRegistryException>(() => registry.Register(TestBundles.Variant(_dir, 3), new ModelRegistration { ParentId = "btc-usd-v9" }));
        Assert.Contains("btc-usd-v9", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryFolder, ex.Folder);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(RegistryFolder, "versions"), ".incoming-*"));
    }

    [Fact]
    public void Champions_are_per_symbol_and_horizon_promotions_are_recorded_and_rollback_walks_back()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        var v1 = registry.Register(TestBundles.Variant(_dir, 1));
        var v2 = registry.Register(TestBundles.Variant(_dir, 2));
        var v3 = registry.Register(TestBundles.Variant(_dir, 3));
        var btc = Symbol.Parse("BTC-USD");

        Assert.Null(registry.Champion(btc, 1));
        Assert.Equal(2, registry.Promote(v1.Id).Count); // both horizons
        Assert.Single(registry.Promote(v2.Id, horizons: [1], reason: "better on h1", evidence: new JsonObject { ["pValue"] = 0.01 }));
        Assert.Empty(registry.Promote(v2.Id, horizons: [1])); // already champion
        registry.Promote(v3.Id, horizons: [1]);

        Assert.Equal(v3.Id, registry.Champion(btc, 1)!.Id);
        Assert.Equal(v1.Id, registry.Champion(btc, 5)!.Id);
        var promotedV2 = registry.History(v2.Id).First(h => h.VersionId == v2.Id);
        Assert.Equal((PromotionKind.Promote, "BTC-USD", 1, v1.Id, "better on h1"), (promotedV2.Kind, promotedV2.Symbol, promotedV2.Horizon, promotedV2.PreviousVersionId, promotedV2.Reason));
        Assert.Equal(0.01, (double)promotedV2.Evidence!["pValue"]!);

        var back = registry.Rollback("BTC-USD", 1, "worse live");
        Assert.Equal((PromotionKind.Rollback, v2.Id, v3.Id), (back.Kind, back.VersionId, back.PreviousVersionId));
        Assert.Equal(v2.Id, registry.Champion(btc, 1)!.Id);
        registry.Rollback("BTC-USD", 1);
        Assert.Equal(v1.Id, registry.Champion(btc, 1)!.Id);
        Assert.Contains("nothing to roll back to", Assert.Throws<ModelRegistryException>(() => registry.Rollback("BTC-USD", 1)).Message, StringComparison.Ordinal);
        Assert.Contains("no champion", Assert.Throws<ModelRegistryException>(() => registry.Rollback("ETH-USD", 1)).Message, StringComparison.Ordinal);
        Assert.Equal(6, registry.History().Count);
    }

    [Fact]
    public void The_any_symbol_champion_serves_symbols_without_their_own()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        var general = registry.Register(TestBundles.Variant(_dir, 1));
        var eth = registry.Register(TestBundles.Variant(_dir, 1, symbol: "ETH-USD"));
        registry.Promote(general.Id, ModelRegistry.AnySymbol);
        registry.Promote(eth.Id);

        Assert.Equal(new ModelAssignment(eth.Id, AssignmentSource.Champion), registry.Resolve(Symbol.Parse("ETHUSD"), 1));
        Assert.Equal(new ModelAssignment(general.Id, AssignmentSource.DefaultChampion), registry.Resolve(Symbol.Parse("SOL-USD"), 5));
        Assert.Equal(general.Id, registry.Champion(Symbol.Parse("QQQ"), 1)!.Id);
        Assert.Null(registry.Resolve(Symbol.Parse("QQQ"), 15));
    }

    [Fact]
    public void An_ab_test_routes_a_stable_hash_chosen_share_of_symbols()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        var champion = registry.Register(TestBundles.Variant(_dir, 1));
        var candidate = registry.Register(TestBundles.Variant(_dir, 2));
        registry.Promote(champion.Id, ModelRegistry.AnySymbol);
        var test = registry.StartAbTest(candidate.Id, 0.3, horizons: [1]);
        Assert.Equal("ab-1", test.Id);

        var symbols = Enumerable.Range(0, 400).Select(i => Symbol.Stock($"S{i}")).ToArray();
        var routed = symbols.Where(s => registry.Resolve(s, 1)!.Value.Source == AssignmentSource.AbTest).ToArray();
        Assert.InRange(routed.Length, 0.3 * 400 - 30, 0.3 * 400 + 30);
        Assert.All(routed, s => Assert.Equal(new ModelAssignment(candidate.Id, AssignmentSource.AbTest, "ab-1"), registry.Resolve(s, 1)));
        Assert.All(routed, s => Assert.True(ModelRegistry.SymbolBucket("ab-1", s) < 0.3));
        Assert.All(symbols, s => Assert.Equal(champion.Id, registry.Resolve(s, 5)!.Value.VersionId)); // horizon 5 is not in the test

        // Deterministic: another instance, later, routes the same symbols.
        var other = ModelRegistry.Open(RegistryFolder);
        Assert.Equal(routed, symbols.Where(s => other.Resolve(s, 1)!.Value.Source == AssignmentSource.AbTest));

        registry.EndAbTest(test.Id);
        Assert.All(symbols, s => Assert.Equal(AssignmentSource.DefaultChampion, registry.Resolve(s, 1)!.Value.Source));
        Assert.Throws<ModelRegistryException>(() => registry.EndAbTest(test.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.StartAbTest(candidate.Id, 0));
        Assert.Throws<ModelRegistryException>(() => registry.StartAbTest(candidate.Id, 0.5, horizons: [15]));
    }

    [Fact]
    public void Live_metrics_append_to_a_version()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        var v1 = registry.Register(TestBundles.Variant(_dir, 1));
        var t = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        registry.AppendLiveMetrics(v1.Id, new LiveMetrics { FromUtc = t, ToUtc = t.AddHours(1), Horizon = 1, Samples = 60, LogLoss = 0.69 });
        var updated = registry.AppendLiveMetrics(v1.Id, new LiveMetrics { FromUtc = t.AddHours(1), ToUtc = t.AddHours(2), Horizon = 1, Samples = 60, LogLoss = 0.68, Role = "shadow" });

        Assert.Equal([0.69, 0.68], updated.LiveMetrics.Select(m => m.LogLoss!.Value));
        TestBundles.AssertSame(updated, ModelRegistry.Open(RegistryFolder).Get(v1.Id));
        Assert.Throws<ModelRegistryException>(() => registry.AppendLiveMetrics(v1.Id, new LiveMetrics { Horizon = 15 }));
        Assert.Throws<ArgumentException>(() => registry.AppendLiveMetrics(v1.Id, new LiveMetrics { FromUtc = t, ToUtc = t.AddHours(-1), Horizon = 1 }));
    }

    [Fact]
    public void A_changed_or_missing_bundle_is_refused_by_name()
    {
        var registry = ModelRegistry.Open(RegistryFolder);
        var stored = registry.Register(TestBundles.Variant(_dir, 1));
        string linkedPath = TestBundles.Variant(_dir, 2);
        var linked = registry.Register(linkedPath, new ModelRegistration { Link = true });
        Assert.True(linked.Linked);
        Assert.Equal(linkedPath, registry.GetBundlePath(linked.Id));

        File.Copy(TestBundles.Variant(_dir, 3), registry.GetBundlePath(stored.Id), overwrite: true);
        var changed = Assert.Throws<ModelRegistryException>(() => registry.LoadBundle(stored.Id));
        Assert.Contains("has changed since it was registered", changed.Message, StringComparison.Ordinal);
        File.Delete(linkedPath);
        Assert.Contains("missing", Assert.Throws<ModelRegistryException>(() => registry.LoadBundle(linked.Id)).Message, StringComparison.Ordinal);
        Assert.Contains("there is no version 'nope'", Assert.Throws<ModelRegistryException>(() => registry.Get("nope")).Message, StringComparison.Ordinal);
        Assert.Throws<ModelLoadException>(() => registry.Register(Path.Combine(_dir, "absent.psdk")));
    }

    [Fact]
    public void A_malformed_index_is_reported_with_the_folder()
    {
        Directory.CreateDirectory(RegistryFolder);
        File.WriteAllText(Path.Combine(RegistryFolder, "index.json"), "{ \"versions\": [ {");
        var ex = Assert.Throws<ModelRegistryException>(() => ModelRegistry.Open(RegistryFolder));
        Assert.Contains("index.json is malformed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(RegistryFolder, ex.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(RegistryFolder, "index.json"), "{ \"formatVersion\": 7 }");
        Assert.Contains("format version 7", Assert.Throws<ModelRegistryException>(() => ModelRegistry.Open(RegistryFolder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_in_a_host_validates_the_folder_at_start()
    {
        var services = new ServiceCollection();
        services.AddPredictionSdk().AddModelRegistry(o => o.Folder = " ");
        using var bad = services.BuildServiceProvider();
        Assert.Contains("Folder is required", Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IStartupValidator>().Validate()).Message, StringComparison.Ordinal);

        var good = new ServiceCollection();
        good.AddPredictionSdk().AddModelRegistry(o => o.Folder = RegistryFolder);
        using var ok = good.BuildServiceProvider();
        ok.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(RegistryFolder, ok.GetRequiredService<ModelRegistry>().Folder);
    }
}
