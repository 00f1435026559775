using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Features;

public class SupervisedDatasetTests
{
    private static readonly FeatureSpec Spec = new() { WindowLength = 8, Horizons = [1, 5, 15] };

    [Fact]
    public void Targets_are_forward_log_returns_aligned_by_timestamp()
    {
        var candles = TestData.Btc(1400);
        var data = SupervisedDataset.Build(candles, Spec);
        Assert.True(data.Count > 400);
        for (int s = 0; s < data.Count; s += 97)
        {
            int t = data.EndRow(s);
            Assert.Equal(candles[t].Timestamp, data.Timestamp(s));
            for (int k = 0; k < 3; k++)
            {
                int h = Spec.Horizons[k];
                Assert.Equal((float)Math.Log(candles[t + h].Close / candles[t].Close), data.Target(s, k));
                Assert.Equal(Math.Sign(candles[t + h].Close - candles[t].Close), data.Direction(s, k));
            }

            // The window is the eight rows ending at t, oldest first.
            var window = data.Window(s);
            Assert.Equal(8 * data.FeatureCount, window.Length);
            Assert.True(window[^data.FeatureCount..].SequenceEqual(data.Matrix.Row(t)));
            Assert.True(window[..data.FeatureCount].SequenceEqual(data.Matrix.Row(t - 7)));
        }

        // The last sample's longest target reaches the last candle at most.
        Assert.True(data.EndRow(data.Count - 1) + 15 <= candles.Count - 1);
    }

    [Fact]
    public void Samples_whose_targets_span_a_gap_are_dropped()
    {
        var candles = TestData.Qqq(390 * 4);
        var spec = Spec with { AssetClass = AssetClass.Stock };
        var data = SupervisedDataset.Build(candles, spec);
        for (int s = 0; s < data.Count; s++)
        {
            int t = data.EndRow(s);
            Assert.Equal(TimeSpan.FromMinutes(15), candles[t + 15].Timestamp - candles[t].Timestamp);
        }

        // The last 15 bars of each session cannot have a 15-bar target.
        Assert.DoesNotContain(Enumerable.Range(0, data.Count), s => data.Timestamp(s).TimeOfDay > new TimeSpan(19, 44, 0));
    }

    [Fact]
    public void Too_few_candles_state_the_minimum()
    {
        int minimum = SupervisedDataset.MinimumCandles(Spec);
        Assert.Equal(new FeaturePipeline(Spec).WarmupBars + 8 - 1 + 15, minimum);
        var error = Assert.Throws<InsufficientDataException>(() => SupervisedDataset.Build(TestData.Btc(minimum - 1), Spec));
        Assert.Equal(minimum, error.Required);
        Assert.Equal(minimum - 1, error.Available);
        Assert.Contains(minimum.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);

        var exact = SupervisedDataset.Build(TestData.Btc(minimum), Spec);
        Assert.Equal(1, exact.Count);
    }

    [Fact]
    public void Chronological_split_purges_so_no_training_target_overlaps_a_test_window()
    {
        var data = SupervisedDataset.Build(TestData.Btc(2000), Spec);
        var (train, test) = data.SplitChronologically(0.7);
        int lastTrainTargetRow = train.EndRow(train.Count - 1) + 15;
        int firstTestWindowRow = test.EndRow(0) - Spec.WindowLength + 1;
        Assert.True(firstTestWindowRow > lastTrainTargetRow);
        Assert.Equal(lastTrainTargetRow + 1, firstTestWindowRow); // and not more than needed
        Assert.True(train.Timestamp(train.Count - 1) < test.Timestamp(0));
        Assert.Equal((int)(data.Count * 0.7), train.Count);
    }

    [Fact]
    public void Copy_windows_produces_samples_by_window_by_features()
    {
        var data = SupervisedDataset.Build(TestData.Btc(1300), Spec);
        int size = Spec.WindowLength * data.FeatureCount;
        var buffer = new float[3 * size];
        data.CopyWindows(5, 3, buffer);
        Assert.True(buffer.AsSpan(2 * size, size).SequenceEqual(data.Window(7)));
        var targets = new float[3 * 3];
        data.CopyTargets(5, 3, targets);
        Assert.Equal(data.Target(6, 2), targets[5]);
    }

    [Fact]
    public void Scaler_statistics_come_from_the_training_window_only()
    {
        var candles = TestData.Btc(3000).ToArray();
        var data = SupervisedDataset.Build(candles, Spec);
        var (train, test) = data.SplitChronologically(0.6);
        var scaler = train.FitScaler();

        // Rewrite every bar after the training window's last row: prices doubled and volumes multiplied.
        int lastTrainRow = train.EndRow(train.Count - 1);
        var altered = (Candle[])candles.Clone();
        var random = new Random(42);
        for (int i = lastTrainRow + 1; i < altered.Length; i++)
        {
            double f = 2 * (1 + (0.01 * random.NextDouble()));
            var c = altered[i];
            altered[i] = c with { Open = c.Open * f, High = c.High * f * 1.001, Low = c.Low * f * 0.999, Close = c.Close * f, Volume = (c.Volume * 10) + 5 };
        }

        var alteredTrain = SupervisedDataset.Build(altered, Spec).SplitChronologically(0.6).Train;
        Assert.Equal(scaler, alteredTrain.FitScaler());
        Assert.NotEqual(data.Matrix.Row(lastTrainRow + 20).ToArray(), alteredTrain.Matrix.Row(lastTrainRow + 20).ToArray());

        // The converse: touching one training bar does move the statistics (so the check above can fail).
        var touched = (Candle[])candles.Clone();
        for (int i = 1000; i < 1300; i++)
        {
            touched[i] = touched[i] with { Volume = (touched[i].Volume * 50) + 1 };
        }

        Assert.NotEqual(scaler, SupervisedDataset.Build(touched, Spec).SplitChronologically(0.6).Train.FitScaler());

        // Scaling uses the fitted statistics, round-trips through JSON and centres the training rows.
        var scaled = data.Scale(scaler);
        Assert.Same(scaler, scaled.Scaler);
        Assert.Equal(scaler, RobustScaler.FromJson(scaler.ToJson()));
        int column = data.FeatureNames.ToList().IndexOf("ret_1");
        var raw = data.LastRow(10)[column];
        Assert.Equal((raw - scaler.Medians[column]) / scaler.Scales[column], scaled.LastRow(10)[column], 5);
        _ = test;
    }
}
