using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PredictionSdk.Streaming;

namespace PredictionSdk;

/// <summary>Registers the real-time stream in a host.</summary>
public static class RealTimeStreamServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="RealTimeStream"/> over every registered <see cref="ICandleSource"/>, run by a hosted service
    /// (with <see cref="RealTimeStreamOptions.WarmUpFromStore"/>, warm-up reads the registered <see cref="ICandleStore"/> first).
    /// Options bind from <c>PredictionSdk:Stream</c>, then <paramref name="configure"/> runs; symbols and interval default
    /// to the shared <see cref="PredictionSdkOptions"/>. The options are validated when the host starts.
    /// </summary>
    public static IPredictionSdkBuilder AddRealTimeStream(this IPredictionSdkBuilder builder, Action<RealTimeStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<IConfigureOptions<RealTimeStreamOptions>>(sp => new ConfigureNamedOptions<RealTimeStreamOptions>(
            Options.DefaultName,
            o => sp.GetService<IConfiguration>()?.GetSection(RealTimeStreamOptions.SectionName).Bind(o)));
        var options = services.AddOptions<RealTimeStreamOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IOptions<PredictionSdkOptions>, IServiceProvider>((o, shared, sp) =>
        {
            // The shared options, or their configuration section when nobody bound it.
            var section = sp.GetService<IConfiguration>()?.GetSection(PredictionSdkOptions.SectionName);
            if (o.Symbols.Count == 0)
            {
                var symbols = shared.Value.Symbols.Count > 0
                    ? shared.Value.Symbols
                    : section?.GetSection(nameof(PredictionSdkOptions.Symbols)).GetChildren().Select(c => c.Value).OfType<string>().ToList() ?? [];
                foreach (string symbol in symbols)
                {
                    o.Symbols.Add(symbol);
                }
            }

            o.Interval ??= section?[nameof(PredictionSdkOptions.Interval)] is { } text ? Interval.Parse(text) : shared.Value.Interval;
        });
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RealTimeStreamOptions>, RealTimeStreamOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var streamOptions = sp.GetRequiredService<IOptions<RealTimeStreamOptions>>().Value;
            var stream = new RealTimeStream(sp.GetServices<ICandleSource>(), streamOptions, sp.GetService<ILoggerFactory>(), sp.GetService<SymbolPredictorFactory>());
            if (streamOptions.WarmUpFromStore)
            {
                stream.UseHistoryStore(sp.GetRequiredService<ICandleStore>());
            }

            foreach (var handler in sp.GetServices<IPredictionHandler>())
            {
                stream.OnPrediction(handler.HandleAsync);
            }

            foreach (var observer in sp.GetServices<IOutcomeObserver>())
            {
                stream.AddOutcomeObserver(observer);
            }

            return stream;
        });
        services.AddHostedService<RealTimeStreamHostedService>();
        return builder;
    }

    /// <summary>Adds a singleton <see cref="IPredictionHandler"/> the hosted stream calls for each prediction.</summary>
    public static IPredictionSdkBuilder AddPredictionHandler<THandler>(this IPredictionSdkBuilder builder)
        where THandler : class, IPredictionHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<THandler>();
        builder.Services.AddSingleton<IPredictionHandler>(sp => sp.GetRequiredService<THandler>());
        return builder;
    }
}

/// <summary>Checks the stream options and that the sources they name are registered.</summary>
internal sealed class RealTimeStreamOptionsValidator(IServiceProvider services) : IValidateOptions<RealTimeStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, RealTimeStreamOptions options)
    {
        var failures = new List<string>(options.Validate());
        var sources = services.GetServices<ICandleSource>().Select(s => s.Name).ToArray();
        if (sources.Length == 0)
        {
            failures.Add("No ICandleSource is registered: add a feed (for example .AddBinanceFeed(...)) or a replay source before .AddRealTimeStream().");
        }

        if (options.WarmUpFromStore && services.GetService<ICandleStore>() is null)
        {
            failures.Add($"{RealTimeStreamOptions.SectionName}:WarmUpFromStore is true but no ICandleStore is registered.");
        }

        foreach (string exchange in options.Exchanges)
        {
            if (!sources.Contains(exchange, StringComparer.Ordinal))
            {
                failures.Add($"{RealTimeStreamOptions.SectionName}:Exchanges names '{exchange}', but the registered sources are: {string.Join(", ", sources)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
