using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PredictionSdk;

/// <summary>Registers PredictionSdk in a host's service collection.</summary>
public static class PredictionSdkServiceCollectionExtensions
{
    /// <summary>
    /// Adds the shared PredictionSdk options (validated when the host starts) and returns a builder
    /// that feed, model and streaming packages extend.
    /// </summary>
    public static IPredictionSdkBuilder AddPredictionSdk(this IServiceCollection services, Action<PredictionSdkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PredictionSdkOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PredictionSdkOptions>, PredictionSdkOptionsValidator>());
        return new PredictionSdkBuilder(services);
    }
}

internal sealed class PredictionSdkOptionsValidator : IValidateOptions<PredictionSdkOptions>
{
    public ValidateOptionsResult Validate(string? name, PredictionSdkOptions options)
    {
        var failures = new List<string>();
        if (options.Interval.Duration <= TimeSpan.Zero)
        {
            failures.Add("PredictionSdk:Interval is not set; use 1m, 3m, 5m, 15m, 30m, 1h, 4h or 1d.");
        }

        foreach (string symbol in options.Symbols)
        {
            if (!Symbol.TryParse(symbol, out _))
            {
                failures.Add($"PredictionSdk:Symbols contains '{symbol}', which is not a symbol.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
