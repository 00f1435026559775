using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PredictionSdk.External;
using PredictionSdk.Models.Features;
using PredictionSdk.Streaming.External;

namespace PredictionSdk;

/// <summary>Registers external series feeds and custom features in a host.</summary>
public static class ExternalSeriesServiceCollectionExtensions
{
    /// <summary>
    /// Adds an external series source, read by a hosted <see cref="ExternalSeriesFeed"/> into
    /// <see cref="ExternalSeriesStore.Shared"/>, where every model's feature pipeline reads it as of each bar's close.
    /// </summary>
    public static IPredictionSdkBuilder AddExternalSeries(this IPredictionSdkBuilder builder, IExternalSeriesSource source, Action<ExternalSeriesFeedOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Services.AddSingleton(source);
        var options = builder.Services.AddOptions<ExternalSeriesFeedOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExternalSeriesFeedOptions>, ExternalSeriesFeedOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new ExternalSeriesFeed(
            sp.GetServices<IExternalSeriesSource>(),
            ExternalSeriesStore.Shared,
            sp.GetRequiredService<IOptions<ExternalSeriesFeedOptions>>().Value,
            sp.GetService<ILogger<ExternalSeriesFeed>>(),
            sp.GetService<TimeProvider>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExternalSeriesFeedService>());
        return builder;
    }

    /// <summary>
    /// Registers a custom feature under <paramref name="name"/> in <see cref="FeatureRegistry.Shared"/>, so training,
    /// the predictor and streams in this process can build (and load bundles that use) it.
    /// </summary>
    public static IPredictionSdkBuilder AddCustomFeature(this IPredictionSdkBuilder builder, string name, Func<CustomFeatureSpec, ICustomFeature> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        FeatureRegistry.Shared.Register(name, factory);
        return builder;
    }
}

/// <summary>Checks the external series feed options at host start, naming each bad setting.</summary>
internal sealed class ExternalSeriesFeedOptionsValidator : IValidateOptions<ExternalSeriesFeedOptions>
{
    public ValidateOptionsResult Validate(string? name, ExternalSeriesFeedOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"PredictionSdk external series feed: {p}"));
    }
}

/// <summary>Runs the <see cref="ExternalSeriesFeed"/> for the lifetime of the host.</summary>
internal sealed class ExternalSeriesFeedService(ExternalSeriesFeed feed) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => feed.RunAsync(stoppingToken);
}
