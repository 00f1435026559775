using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PredictionSdk.Models.Registry;
using PredictionSdk.Streaming;

namespace PredictionSdk;

/// <summary>Registers the live adaptation loop in a host.</summary>
public static class AdaptiveServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AdaptiveLearning"/> to the hosted <see cref="RealTimeStream"/>: every symbol is served through the
    /// loop (champion from <see cref="RealTimeStreamOptions.ModelPath"/>, challengers in shadow), which observes every
    /// outcome. With an <see cref="IChallengerTrainer"/> and an <see cref="ICandleStore"/> registered, a hosted
    /// <see cref="ChallengerRetrainService"/> trains challengers on schedule and on drift. A registered
    /// <see cref="ModelRegistry"/> records versions and decisions. Options bind from <c>PredictionSdk:Adaptive</c>, then
    /// <paramref name="configure"/> runs; they are validated when the host starts.
    /// </summary>
    public static IPredictionSdkBuilder AddAdaptiveLearning(this IPredictionSdkBuilder builder, Action<AdaptiveLearningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AdaptiveLearningOptions>();
        options.Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(AdaptiveLearningOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdaptiveLearningOptions>, AdaptiveLearningOptionsValidator>());
        services.TryAddSingleton(sp => new AdaptiveLearning(
            sp.GetRequiredService<IOptions<AdaptiveLearningOptions>>().Value,
            sp.GetRequiredService<IOptions<RealTimeStreamOptions>>().Value.IntervalOrDefault,
            sp.GetService<ModelRegistry>(),
            sp.GetService<ILogger<AdaptiveLearning>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<IOutcomeObserver>(sp => sp.GetRequiredService<AdaptiveLearning>());
        services.TryAddSingleton<SymbolPredictorFactory>(sp =>
        {
            // The champion bundle is loaded once and shared by every symbol, as without adaptation.
            string path = sp.GetRequiredService<IOptions<RealTimeStreamOptions>>().Value.ModelPath
                ?? throw new InvalidOperationException($"{RealTimeStreamOptions.SectionName}:ModelPath must name the champion bundle when adaptive learning is on.");
            var models = BundlePredictors.Open(path);
            var learning = sp.GetRequiredService<AdaptiveLearning>();
            string champion = Path.GetFileNameWithoutExtension(path);
            return (symbol, interval) => learning.CreatePredictor(symbol, champion, models.Create(symbol, interval));
        });
        services.AddSingleton<IHostedService>(sp =>
            sp.GetService<IChallengerTrainer>() is { } trainer && sp.GetService<ICandleStore>() is { } store
                ? new ChallengerRetrainService(sp.GetRequiredService<AdaptiveLearning>(), trainer, store, registry: sp.GetService<ModelRegistry>(), logger: sp.GetService<ILogger<ChallengerRetrainService>>(), meterFactory: sp.GetService<System.Diagnostics.Metrics.IMeterFactory>())
                : new NoRetraining(sp.GetRequiredService<AdaptiveLearning>()));
        return builder;
    }

    /// <summary>
    /// Without a trainer the loop still monitors drift and promotes challengers added by code; retrain requests are
    /// answered at once so that none stays outstanding.
    /// </summary>
    private sealed class NoRetraining(AdaptiveLearning learning) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await foreach (var request in learning.RetrainRequests.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    learning.RetrainFinished(request.Symbol);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping.
            }
        }
    }
}

/// <summary>Checks the adaptation options and that a scheduled retrain has a trainer and a store.</summary>
internal sealed class AdaptiveLearningOptionsValidator(IServiceProvider services) : IValidateOptions<AdaptiveLearningOptions>
{
    public ValidateOptionsResult Validate(string? name, AdaptiveLearningOptions options)
    {
        var failures = new List<string>(options.Validate());
        bool retrains = options.Retrain.Every is not null || options.Retrain.OnDrift;
        if (options.Retrain.Every is not null && services.GetService<IChallengerTrainer>() is null)
        {
            failures.Add($"{AdaptiveLearningOptions.SectionName}:Retrain:Every is set but no IChallengerTrainer is registered.");
        }

        if (retrains && services.GetService<IChallengerTrainer>() is not null && services.GetService<ICandleStore>() is null)
        {
            failures.Add($"{AdaptiveLearningOptions.SectionName}: retraining reads the candle store, but no ICandleStore is registered.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
