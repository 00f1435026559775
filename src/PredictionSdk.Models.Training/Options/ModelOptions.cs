namespace PredictionSdk.Models.Training;

/// <summary>Settings every model type shares: regularisation, optimiser and seed.</summary>
public abstract class ModelOptions
{
    /// <summary>Which network this configures.</summary>
    public abstract ModelType ModelType { get; }

    /// <summary>Dropout probability between layers and inside the encoder (0 ≤ p &lt; 1). Default 0.1.</summary>
    public double Dropout { get; set; } = 0.1;

    /// <summary>AdamW learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW decoupled weight decay. Default 1e-4.</summary>
    public double WeightDecay { get; set; } = 1e-4;

    /// <summary>Seed for weight initialisation, dropout and batch order; a fixed seed reproduces a run. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Weight of the direction (binary cross-entropy) loss against the quantile (pinball) loss. Default 0.5.</summary>
    public double DirectionLossWeight { get; set; } = 0.5;

    /// <summary>Checks the settings and throws <see cref="ArgumentException"/> naming the first one that is wrong.</summary>
    public virtual void Validate()
    {
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
        {
            throw new ArgumentException($"Dropout must be in [0, 1); was {Dropout}.", nameof(Dropout));
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentException($"LearningRate must be positive; was {LearningRate}.", nameof(LearningRate));
        }

        if (WeightDecay < 0 || double.IsNaN(WeightDecay))
        {
            throw new ArgumentException($"WeightDecay must be zero or positive; was {WeightDecay}.", nameof(WeightDecay));
        }

        if (DirectionLossWeight < 0 || double.IsNaN(DirectionLossWeight))
        {
            throw new ArgumentException($"DirectionLossWeight must be zero or positive; was {DirectionLossWeight}.", nameof(DirectionLossWeight));
        }
    }

    /// <summary>Creates the default options for a model type.</summary>
    /// <param name="modelType">Hybrid, Lstm or Transformer.</param>
    public static ModelOptions For(ModelType modelType) => modelType switch
    {
        ModelType.Hybrid => new HybridModelOptions(),
        ModelType.Lstm => new LstmModelOptions(),
        ModelType.Transformer => new TransformerModelOptions(),
        _ => throw new ArgumentOutOfRangeException(nameof(modelType), modelType, "Only Hybrid, Lstm and Transformer models can be trained."),
    };

    internal static void ValidateLstm(IReadOnlyList<int>? units, string name)
    {
        if (units is null || units.Count == 0 || units.Any(u => u is < 1 or > 4096))
        {
            throw new ArgumentException("LstmUnits must list one or more layer sizes between 1 and 4096.", name);
        }
    }

    internal static void ValidateEncoder(int modelDim, int heads, int feedForward, int layers, bool allowZeroLayers)
    {
        if (modelDim < 1 || heads < 1 || modelDim % heads != 0)
        {
            throw new ArgumentException($"ModelDim ({modelDim}) must be positive and divisible by AttentionHeads ({heads}).", nameof(heads));
        }

        if (feedForward < 1)
        {
            throw new ArgumentException($"FeedForwardDim must be positive; was {feedForward}.", nameof(feedForward));
        }

        if (layers < (allowZeroLayers ? 0 : 1) || layers > 24)
        {
            throw new ArgumentException($"EncoderLayers must be between {(allowZeroLayers ? 0 : 1)} and 24; was {layers}.", nameof(layers));
        }
    }
}

/// <summary>
/// (bi)LSTM stack followed by a Transformer encoder and quantile/direction heads. The defaults train on a
/// 2-core CPU in a few minutes on two weeks of minute bars.
/// </summary>
public sealed class HybridModelOptions : ModelOptions
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Hybrid;

    /// <summary>Hidden units per LSTM layer, first layer first, e.g. [128, 64]. Default [32] (sized for a 2-core CPU).</summary>
    public IReadOnlyList<int> LstmUnits { get; set; } = [32];

    /// <summary>Runs each LSTM layer in both directions over the window (doubles its output width and cost). Default false.</summary>
    public bool Bidirectional { get; set; }

    /// <summary>Attention heads; must divide <see cref="ModelDim"/>. Default 4.</summary>
    public int AttentionHeads { get; set; } = 4;

    /// <summary>Width of the encoder. Default 32.</summary>
    public int ModelDim { get; set; } = 32;

    /// <summary>Hidden width of the encoder's feed-forward block. Default 64.</summary>
    public int FeedForwardDim { get; set; } = 64;

    /// <summary>Number of encoder layers. Default 1.</summary>
    public int EncoderLayers { get; set; } = 1;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ValidateLstm(LstmUnits, nameof(LstmUnits));
        ValidateEncoder(ModelDim, AttentionHeads, FeedForwardDim, EncoderLayers, allowZeroLayers: false);
    }
}

/// <summary>A plain (bi)LSTM stack with quantile/direction heads on its last step.</summary>
public sealed class LstmModelOptions : ModelOptions
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Lstm;

    /// <summary>Hidden units per LSTM layer, first layer first. Default [48, 32].</summary>
    public IReadOnlyList<int> LstmUnits { get; set; } = [48, 32];

    /// <summary>Runs each LSTM layer in both directions over the window. Default false.</summary>
    public bool Bidirectional { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ValidateLstm(LstmUnits, nameof(LstmUnits));
    }
}

/// <summary>A Transformer encoder over linearly projected feature rows, with sinusoidal positions.</summary>
public sealed class TransformerModelOptions : ModelOptions
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Transformer;

    /// <summary>Attention heads; must divide <see cref="ModelDim"/>. Default 4.</summary>
    public int AttentionHeads { get; set; } = 4;

    /// <summary>Width of the encoder. Default 32.</summary>
    public int ModelDim { get; set; } = 32;

    /// <summary>Hidden width of the feed-forward block. Default 64.</summary>
    public int FeedForwardDim { get; set; } = 64;

    /// <summary>Number of encoder layers. Default 2.</summary>
    public int EncoderLayers { get; set; } = 2;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ValidateEncoder(ModelDim, AttentionHeads, FeedForwardDim, EncoderLayers, allowZeroLayers: false);
    }
}
