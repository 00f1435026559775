using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PredictionSdk.Data.Exchanges;

/// <summary>Shared plumbing of the <c>Add…Feed</c> extension methods.</summary>
internal static class FeedRegistration
{
    /// <summary>
    /// Registers options (bound from <paramref name="section"/> when given, then <paramref name="configure"/>, validated at
    /// start), a named <see cref="HttpClient"/>, the source as a singleton, as <see cref="ICandleSource"/> and as a keyed
    /// <see cref="ICandleSource"/> under <paramref name="name"/>.
    /// </summary>
    public static IPredictionSdkBuilder Add<TSource, TOptions>(
        IPredictionSdkBuilder builder,
        string name,
        IConfiguration? section,
        Action<TOptions>? configure,
        Func<TOptions, HttpClient, ILoggerFactory, TSource> create)
        where TSource : class, ICandleSource
        where TOptions : ExchangeFeedOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<TOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, FeedOptionsValidator<TOptions>>());
        string client = "PredictionSdk." + name;
        // Header values (Alpaca's key and secret) never reach the HTTP client's logs.
        services.AddHttpClient(client).RedactLoggedHeaders(_ => true);
        services.TryAddSingleton(sp => create(
            sp.GetRequiredService<IOptions<TOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(client),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.AddSingleton<ICandleSource>(sp => sp.GetRequiredService<TSource>());
        services.AddKeyedSingleton<ICandleSource>(name, (sp, _) => sp.GetRequiredService<TSource>());
        return builder;
    }
}

/// <summary>Reports every problem of an exchange options object by sentence, at host start.</summary>
internal sealed class FeedOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : ExchangeFeedOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = options.Validate().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
