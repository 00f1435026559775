using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace PredictionSdk.Orleans;

/// <summary>Registers PredictionSdk on Orleans silos and clients.</summary>
public static class ClusterBuilderExtensions
{
    /// <summary>
    /// Hosts symbol grains on this silo: each runs a <see cref="Streaming.SymbolPipeline"/> fed by this silo's ingestion
    /// of the registered <see cref="ICandleSource"/> (an <see cref="ICandleStore"/>, when registered, serves warm-up
    /// first). The silo must also have a stream provider named <see cref="PredictionClusterOptions.StreamProvider"/>, a
    /// grain storage named <see cref="PredictionStreams.StorageName"/> and a <c>PubSubStore</c>; in a cluster both
    /// storages must outlive any silo.
    /// </summary>
    /// <exception cref="OptionsValidationException">At silo start, when the options are invalid; the message names each setting.</exception>
    /// <example>
    /// <code>
    /// siloBuilder
    ///     .AddMemoryStreams(PredictionStreams.DefaultProviderName)
    ///     .AddMemoryGrainStorage("PubSubStore")
    ///     .AddMemoryGrainStorage(PredictionStreams.StorageName)
    ///     .AddPredictionSdk(o => o.ModelPath = "models/btc-tiny-hybrid.psdk");
    /// siloBuilder.Services.AddSingleton&lt;ICandleSource&gt;(mySource);
    /// </code>
    /// </example>
    public static ISiloBuilder AddPredictionSdk(this ISiloBuilder siloBuilder, Action<PredictionClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        var services = siloBuilder.Services;
        var options = services.AddOptions<PredictionClusterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PredictionClusterOptions>, ClusterOptionsValidator>());
        services.AddSerializer(s => s.AddPredictionSdkTypes());
        services.TryAddSingleton<SiloPredictionHost>();
        services.TryAddSingleton<SiloCandleFeed>();
        services.AddHostedService<FailoverWaker>();
        return siloBuilder;
    }

    /// <summary>
    /// Registers <see cref="PredictionClusterClient"/>, which starts symbols in the cluster and reads their predictions.
    /// The client must have the same stream provider as the silos (<see cref="PredictionClientOptions.StreamProvider"/>).
    /// </summary>
    /// <example>
    /// <code>
    /// clientBuilder.AddMemoryStreams(PredictionStreams.DefaultProviderName).AddPredictionSdkClient();
    /// </code>
    /// </example>
    public static IClientBuilder AddPredictionSdkClient(this IClientBuilder clientBuilder, Action<PredictionClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(clientBuilder);
        var options = clientBuilder.Services.AddOptions<PredictionClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        clientBuilder.Services.AddSerializer(s => s.AddPredictionSdkTypes());
        clientBuilder.Services.TryAddSingleton<PredictionClusterClient>();
        return clientBuilder;
    }

    private sealed class ClusterOptionsValidator : IValidateOptions<PredictionClusterOptions>
    {
        public ValidateOptionsResult Validate(string? name, PredictionClusterOptions options)
        {
            var failures = options.Validate();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
