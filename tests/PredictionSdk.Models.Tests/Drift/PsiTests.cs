using PredictionSdk.Models.Drift;
using static PredictionSdk.Models.Tests.Drift.Streams;

namespace PredictionSdk.Models.Tests.Drift;

public sealed class PsiTests
{
    [Fact]
    public void The_index_follows_its_definition_with_half_counts_added()
    {
        long[] reference = [50, 30, 20, 0];
        long[] current = [20, 30, 40, 10];
        double psi = PopulationStabilityIndex.FromCounts(reference, current);

        double expected = 0;
        for (int i = 0; i < 4; i++)
        {
            double e = (reference[i] + 0.5) / 102, a = (current[i] + 0.5) / 102;
            expected += (a - e) * Math.Log(a / e);
        }

        Assert.Equal(expected, psi, 12);
        Assert.Equal(0, PopulationStabilityIndex.FromCounts(reference, reference), 12);
        Assert.Equal(psi, PopulationStabilityIndex.FromCounts(current, reference), 12); // symmetric
    }

    [Fact]
    public void Deciles_of_the_reference_make_equal_bins()
    {
        double[] reference = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        var edges = PopulationStabilityIndex.QuantileEdges(reference, 10);
        Assert.Equal([10, 20, 30, 40, 50, 60, 70, 80, 90], edges);
        Assert.Equal(0, PopulationStabilityIndex.BinOf(edges, 10));
        Assert.Equal(1, PopulationStabilityIndex.BinOf(edges, 10.5));
        Assert.Equal(9, PopulationStabilityIndex.BinOf(edges, 1_000));
        Assert.Equal(0, PopulationStabilityIndex.BinOf(edges, -1_000));
    }

    [Fact]
    public void A_constant_reference_still_separates_values_above_it()
    {
        double[] reference = [.. Enumerable.Repeat(3.0, 50)];
        var edges = PopulationStabilityIndex.QuantileEdges(reference, 10);
        Assert.Equal([3.0], edges);
        Assert.True(PopulationStabilityIndex.Compute(reference, [.. Enumerable.Repeat(4.0, 50)]) > 1);
    }

    [Fact]
    public void Same_distribution_scores_low_and_a_one_sigma_shift_scores_high()
    {
        var random = new Random(3);
        double[] reference = [.. Enumerable.Range(0, 1_440).Select(_ => Normal(random))];
        double[] same = [.. Enumerable.Range(0, 1_440).Select(_ => Normal(random))];
        double[] shifted = [.. Enumerable.Range(0, 1_440).Select(_ => 1 + Normal(random))];

        Assert.InRange(PopulationStabilityIndex.Compute(reference, same), 0, 0.05);
        Assert.InRange(PopulationStabilityIndex.Compute(reference, shifted), 0.5, 2);
    }

    [Fact]
    public void The_detector_learns_its_reference_then_alarms_once_per_excursion()
    {
        var random = new Random(4);
        var detector = new PsiDetector(new PsiDetectorOptions { ReferenceLength = 500, WindowLength = 500 });
        int Feed(int count, double shift)
        {
            int alarms = 0;
            for (int i = 0; i < count; i++)
            {
                alarms += detector.Update(shift + Normal(random)) == ChangeDirection.Increase ? 1 : 0;
            }

            return alarms;
        }

        Assert.Equal(0, Feed(1_500, 0));
        Assert.True(detector.HasReference);
        Assert.Equal(9, detector.Edges.Count);
        Assert.InRange(detector.State.Statistic, 0, 0.1);

        Assert.Equal(1, Feed(1_000, 1.5)); // one alarm, however long the shift lasts
        Assert.True(detector.State.Statistic > 0.25);
        Assert.Equal(0, Feed(1_000, 0)); // back to normal: re-armed, no alarm
        Assert.Equal(1, Feed(1_000, -1.5)); // the next excursion alarms again
        Assert.Equal(2, detector.State.Detections);
        Assert.Equal(500, detector.State.WindowLength);
    }

    [Fact]
    public void A_given_reference_is_used_from_the_first_observation_and_kept_by_reset()
    {
        double[] reference = [.. Enumerable.Range(0, 1_000).Select(i => i / 1_000.0)];
        var detector = new PsiDetector(reference, new PsiDetectorOptions { WindowLength = 100 });
        Assert.True(detector.HasReference);
        int first = -1;
        for (int i = 0; i < 200 && first < 0; i++)
        {
            if (detector.Update(5.0) == ChangeDirection.Increase)
            {
                first = i;
            }
        }

        Assert.Equal(99, first); // as soon as the window is full
        detector.Reset();
        Assert.True(detector.HasReference);
        Assert.Equal(0, detector.State.Observations);
    }

    [Fact]
    public void Empty_or_non_finite_samples_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.QuantileEdges([], 10));
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.QuantileEdges([1, double.NaN], 10));
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([1, 2, 3], [double.PositiveInfinity]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PsiDetector(new PsiDetectorOptions { RearmLevel = 0.5, Threshold = 0.25 }));
    }
}
