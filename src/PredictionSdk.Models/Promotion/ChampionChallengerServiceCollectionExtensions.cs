using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PredictionSdk.Models.Promotion;

namespace PredictionSdk;

/// <summary>Registers the <see cref="ChampionChallenger"/> rules in a host.</summary>
public static class ChampionChallengerServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="ChampionChallenger"/>; its options are validated when the host starts.</summary>
    public static IPredictionSdkBuilder AddChampionChallenger(this IPredictionSdkBuilder builder, Action<ChampionChallengerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ChampionChallengerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChampionChallengerOptions>, ChampionChallengerOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new ChampionChallenger(sp.GetRequiredService<IOptions<ChampionChallengerOptions>>().Value));
        return builder;
    }
}

internal sealed class ChampionChallengerOptionsValidator : IValidateOptions<ChampionChallengerOptions>
{
    public ValidateOptionsResult Validate(string? name, ChampionChallengerOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail($"PredictionSdk champion/challenger rules: {problem}") : ValidateOptionsResult.Success;
}
