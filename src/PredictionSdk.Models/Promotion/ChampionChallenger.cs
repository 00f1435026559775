using System.Globalization;
using PredictionSdk.Models.Evaluation;
using PredictionSdk.Models.Registry;

namespace PredictionSdk.Models.Promotion;

/// <summary>
/// The promotion and rollback rules, on paired per-minute losses (e.g. direction log loss) of two versions on the
/// same live minutes; every evaluation raises <see cref="Decided"/> with its numbers, and <see cref="Apply(ModelRegistry, ModelDecision, CancellationToken)"/>
/// carries a decision out in a <see cref="ModelRegistry"/>, the numbers stored as the record's evidence.
/// </summary>
/// <remarks>
/// <para>Promotion: with d_t = champion loss − challenger loss on the n paired minutes (pairs with a non-finite loss,
/// e.g. flat minutes for the direction loss, are skipped), promote when n ≥ <see cref="ChampionChallengerOptions.MinSamples"/>,
/// d̄ ≥ <see cref="ChampionChallengerOptions.MinImprovement"/> (and d̄ &gt; 0), and the one-sided Diebold–Mariano p-value
/// 1 − Φ(d̄ / √(σ̂²_NW / n)) is below <see cref="ChampionChallengerOptions.Alpha"/>.</para>
/// <para>Rollback: over the last <see cref="ChampionChallengerOptions.RollbackWindow"/> scored minutes after a promotion, roll
/// back when the promoted version's mean loss exceeds its predecessor's by more than
/// <see cref="ChampionChallengerOptions.RollbackMargin"/> — the predecessor's loss on the same minutes when it kept
/// running in shadow, else its mean loss before the promotion. Fewer minutes than the window: no decision yet.</para>
/// </remarks>
public sealed class ChampionChallenger
{
    private readonly ChampionChallengerOptions _options;

    /// <summary>Creates the rules.</summary>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public ChampionChallenger(ChampionChallengerOptions? options = null)
    {
        _options = options ?? new ChampionChallengerOptions();
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    /// <summary>Raised for every decision, whatever its outcome.</summary>
    public event EventHandler<ModelDecision>? Decided;

    /// <summary>Applies the promotion rule.</summary>
    /// <param name="symbol">Symbol served.</param>
    /// <param name="horizon">Horizon served.</param>
    /// <param name="championId">Serving version.</param>
    /// <param name="challengerId">Candidate version.</param>
    /// <param name="championLosses">Champion's per-minute losses, in time order.</param>
    /// <param name="challengerLosses">Challenger's losses on the same minutes.</param>
    /// <exception cref="ArgumentException">The loss series differ in length.</exception>
    public PromotionDecision EvaluatePromotion(string symbol, int horizon, string championId, string challengerId, ReadOnlySpan<double> championLosses, ReadOnlySpan<double> challengerLosses)
    {
        var test = DieboldMariano.Test(championLosses, challengerLosses, horizon, _options.Lag);
        (DecisionOutcome outcome, string reason) = test switch
        {
            _ when test.Samples < _options.MinSamples =>
                (DecisionOutcome.InsufficientData, Invariant($"{test.Samples} paired minutes, {_options.MinSamples} needed")),
            _ when !(test.MeanDifferential > 0) || test.MeanDifferential < _options.MinImprovement =>
                (DecisionOutcome.Keep, Invariant($"challenger {challengerId} mean loss {test.MeanLossB:0.#####} vs champion {championId} {test.MeanLossA:0.#####} over {test.Samples} minutes: improvement {test.MeanDifferential:0.#####} below {Math.Max(_options.MinImprovement, 0):0.#####}")),
            _ when !(test.PValueBBetter < _options.Alpha) =>
                (DecisionOutcome.Keep, Invariant($"challenger {challengerId} better by {test.MeanDifferential:0.#####} nats over {test.Samples} minutes but not significantly (DM {test.Statistic:0.###}, p {test.PValueBBetter:0.####} ≥ {_options.Alpha})")),
            _ => (DecisionOutcome.Promote, Invariant($"challenger {challengerId} better than {championId} by {test.MeanDifferential:0.#####} nats over {test.Samples} minutes (DM {test.Statistic:0.###}, p {test.PValueBBetter:0.####} < {_options.Alpha})")),
        };
        var decision = new PromotionDecision(symbol, horizon, outcome, reason, DateTime.UtcNow, championId, challengerId, test, _options.MinSamples, _options.Alpha, _options.MinImprovement);
        Decided?.Invoke(this, decision);
        return decision;
    }

    /// <summary>Applies the rollback rule with the predecessor's losses on the same minutes (it kept running in shadow).</summary>
    /// <exception cref="ArgumentException">The loss series differ in length.</exception>
    public RollbackDecision EvaluateRollback(string symbol, int horizon, string promotedId, string predecessorId, ReadOnlySpan<double> promotedLosses, ReadOnlySpan<double> predecessorLosses)
    {
        if (promotedLosses.Length != predecessorLosses.Length)
        {
            throw new ArgumentException($"Paired losses differ in length ({promotedLosses.Length} and {predecessorLosses.Length}).", nameof(predecessorLosses));
        }

        // The last RollbackWindow minutes on which both losses are finite, oldest first.
        var promoted = new double[Math.Min(_options.RollbackWindow, promotedLosses.Length)];
        var predecessor = new double[promoted.Length];
        int n = 0;
        for (int i = promotedLosses.Length - 1; i >= 0 && n < promoted.Length; i--)
        {
            if (double.IsFinite(promotedLosses[i]) && double.IsFinite(predecessorLosses[i]))
            {
                n++;
                promoted[^n] = promotedLosses[i];
                predecessor[^n] = predecessorLosses[i];
            }
        }

        int start = promoted.Length - n;
        var test = DieboldMariano.Test(predecessor.AsSpan(start), promoted.AsSpan(start), horizon, _options.Lag);
        return Rollback(symbol, horizon, promotedId, predecessorId, test.Samples, test.MeanLossB, test.MeanLossA, paired: true, test);
    }

    /// <summary>Applies the rollback rule against the predecessor's mean loss before the promotion (no shadow run).</summary>
    public RollbackDecision EvaluateRollback(string symbol, int horizon, string promotedId, string predecessorId, ReadOnlySpan<double> promotedLosses, double predecessorMeanLoss)
    {
        int n = 0;
        double sum = 0;
        for (int i = promotedLosses.Length - 1; i >= 0 && n < _options.RollbackWindow; i--)
        {
            if (double.IsFinite(promotedLosses[i]))
            {
                sum += promotedLosses[i];
                n++;
            }
        }

        return Rollback(symbol, horizon, promotedId, predecessorId, n, n == 0 ? double.NaN : sum / n, predecessorMeanLoss, paired: false, null);
    }

    /// <summary>
    /// Carries out a decision in <paramref name="registry"/>: a promotion makes the challenger champion of the symbol
    /// and horizon, a rollback restores the predecessor; other outcomes change nothing. The decision's numbers are
    /// stored as the promotion record's evidence.
    /// </summary>
    /// <returns>The records written (none for Keep or InsufficientData).</returns>
    /// <exception cref="ModelRegistryException">The registry refused (unknown version, nothing to roll back …).</exception>
    public IReadOnlyList<PromotionRecord> Apply(ModelRegistry registry, ModelDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(decision);
        return decision switch
        {
            PromotionDecision { Outcome: DecisionOutcome.Promote } p =>
                registry.Promote(p.ChallengerId, p.Symbol, [p.Horizon], p.Reason, p.ToEvidence(), cancellationToken),
            RollbackDecision { Outcome: DecisionOutcome.RollBack } r =>
                [registry.Rollback(r.Symbol, r.Horizon, r.Reason, r.ToEvidence(), cancellationToken)],
            _ => [],
        };
    }

    private RollbackDecision Rollback(string symbol, int horizon, string promotedId, string predecessorId, int samples, double promoted, double predecessor, bool paired, DieboldMarianoResult? test)
    {
        double excess = promoted - predecessor;
        string against = paired ? "on the same minutes" : "before the promotion";
        (DecisionOutcome outcome, string reason) =
            samples < _options.RollbackWindow ? (DecisionOutcome.InsufficientData, Invariant($"{samples} minutes since the promotion, {_options.RollbackWindow} needed"))
            : !double.IsFinite(excess) ? (DecisionOutcome.InsufficientData, "no finite loss to compare")
            : excess > _options.RollbackMargin ? (DecisionOutcome.RollBack, Invariant($"{promotedId} mean loss {promoted:0.#####} over the last {samples} minutes is worse than {predecessorId}'s {predecessor:0.#####} ({against}) by {excess:0.#####} > margin {_options.RollbackMargin}"))
            : (DecisionOutcome.Keep, Invariant($"{promotedId} mean loss {promoted:0.#####} vs {predecessorId} {predecessor:0.#####} ({against}): excess {excess:0.#####} within margin {_options.RollbackMargin}"));
        var decision = new RollbackDecision(symbol, horizon, outcome, reason, DateTime.UtcNow, promotedId, predecessorId, samples, _options.RollbackWindow, promoted, predecessor, excess, _options.RollbackMargin, paired, test);
        Decided?.Invoke(this, decision);
        return decision;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
