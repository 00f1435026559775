using Microsoft.Extensions.DependencyInjection;

namespace PredictionSdk;

/// <summary>Returned by <see cref="PredictionSdkServiceCollectionExtensions.AddPredictionSdk"/>; other packages extend it (<c>.AddBinanceFeed()</c>, <c>.AddRealTimeStream()</c>).</summary>
public interface IPredictionSdkBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

internal sealed class PredictionSdkBuilder(IServiceCollection services) : IPredictionSdkBuilder
{
    public IServiceCollection Services { get; } = services;
}
