using System.Text.Json.Nodes;

namespace PredictionSdk.Models.Bundles;

/// <summary>One symbol of a pooled model: its name, the scaler fit on its own training window and how much it contributed.</summary>
/// <param name="Symbol">The symbol, e.g. <c>NEARUSDT</c>.</param>
/// <param name="Scaler">The scaler fit on this symbol's training rows only (<c>RobustScaler.ToJson()</c>).</param>
/// <param name="TrainSamples">Samples of this symbol the weights were fit on.</param>
public sealed record PoolMember(string Symbol, JsonObject Scaler, int TrainSamples);
