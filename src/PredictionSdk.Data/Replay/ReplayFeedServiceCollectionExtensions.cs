using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PredictionSdk.Data.Replay;

namespace PredictionSdk;

/// <summary>Registers the replay source.</summary>
public static class ReplayFeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ReplayCandleSource"/> as a singleton, as <see cref="ICandleSource"/> and as the keyed source
    /// <c>"replay"</c>. Symbols without a file are read from a registered <see cref="ICandleStore"/>, if any.
    /// Options are validated when the host starts.
    /// </summary>
    public static IPredictionSdkBuilder AddReplayFeed(this IPredictionSdkBuilder builder, Action<ReplayOptions>? configure = null) =>
        Add(builder, null, configure);

    /// <summary>As <see cref="AddReplayFeed(IPredictionSdkBuilder, Action{ReplayOptions})"/>, binding options from <paramref name="section"/> first.</summary>
    public static IPredictionSdkBuilder AddReplayFeed(this IPredictionSdkBuilder builder, IConfiguration section, Action<ReplayOptions>? configure = null) =>
        Add(builder, section ?? throw new ArgumentNullException(nameof(section)), configure);

    private static IPredictionSdkBuilder Add(IPredictionSdkBuilder builder, IConfiguration? section, Action<ReplayOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ReplayOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplayOptions>, ReplayOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new ReplayCandleSource(
            sp.GetRequiredService<IOptions<ReplayOptions>>().Value,
            sp.GetService<ICandleStore>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ReplayCandleSource>()));
        builder.Services.AddSingleton<ICandleSource>(sp => sp.GetRequiredService<ReplayCandleSource>());
        builder.Services.AddKeyedSingleton<ICandleSource>("replay", (sp, _) => sp.GetRequiredService<ReplayCandleSource>());
        return builder;
    }

    private sealed class ReplayOptionsValidator : IValidateOptions<ReplayOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReplayOptions options)
        {
            var failures = options.Validate().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
