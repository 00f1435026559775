namespace PredictionSdk.Models;

/// <summary>The kinds of forecasting model a bundle can hold.</summary>
public enum ModelType
{
    /// <summary>(bi)LSTM stack followed by a Transformer encoder.</summary>
    Hybrid,

    /// <summary>LSTM stack alone.</summary>
    Lstm,

    /// <summary>Transformer encoder alone.</summary>
    Transformer,

    /// <summary>Several bundles averaged, weighted by validation score.</summary>
    Ensemble,
}
