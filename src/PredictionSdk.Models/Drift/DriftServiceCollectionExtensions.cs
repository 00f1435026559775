using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PredictionSdk.Models.Drift;

namespace PredictionSdk;

/// <summary>Registers a <see cref="DriftMonitor"/> in a host.</summary>
public static class DriftServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="DriftMonitor"/> configured by <paramref name="configure"/>; its options are validated
    /// when the host starts, and its metrics use the host's <see cref="IMeterFactory"/> when one is registered.
    /// </summary>
    public static IPredictionSdkBuilder AddDriftMonitor(this IPredictionSdkBuilder builder, Action<DriftMonitorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<DriftMonitorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DriftMonitorOptions>, DriftMonitorOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new DriftMonitor(sp.GetRequiredService<IOptions<DriftMonitorOptions>>().Value, sp.GetService<IMeterFactory>()));
        return builder;
    }
}

internal sealed class DriftMonitorOptionsValidator : IValidateOptions<DriftMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, DriftMonitorOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail($"PredictionSdk drift monitor: {problem}") : ValidateOptionsResult.Success;
}
