using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PredictionSdk.Models.Registry;

namespace PredictionSdk;

/// <summary>Registers a <see cref="ModelRegistry"/> in a host.</summary>
public static class ModelRegistryServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="ModelRegistry"/> on the folder <paramref name="configure"/> sets; the options are validated when the host starts.</summary>
    public static IPredictionSdkBuilder AddModelRegistry(this IPredictionSdkBuilder builder, Action<ModelRegistryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ModelRegistryOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelRegistryOptions>, ModelRegistryOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new ModelRegistry(sp.GetRequiredService<IOptions<ModelRegistryOptions>>().Value));
        return builder;
    }
}

internal sealed class ModelRegistryOptionsValidator : IValidateOptions<ModelRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelRegistryOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail($"PredictionSdk model registry: {problem}") : ValidateOptionsResult.Success;
}
