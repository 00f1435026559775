using PredictionSdk.Models.Baselines;
using PredictionSdk.Models.Features;

namespace PredictionSdk.Models.Tests.Baselines;

public class BaselineTests
{
    private static readonly FeatureSpec Spec = new() { WindowLength = 4, Horizons = [1, 5] };

    private static SupervisedDataset Scaled(int candles)
    {
        var data = SupervisedDataset.Build(TestData.Btc(candles), Spec);
        return data.Scale(data.FitScaler());
    }

    [Fact]
    public void Persistence_forecasts_zero_with_training_quantiles_and_up_share()
    {
        var train = Scaled(1600);
        var model = new PersistenceForecaster(train);
        var output = new HorizonForecast[2];
        model.Forecast(train.Window(0), output);
        var y = Enumerable.Range(0, train.Count).Select(s => (double)train.Target(s, 0)).Order().ToArray();
        Assert.Equal(0f, output[0].Q50);
        Assert.Equal(1, output[0].Horizon);
        Assert.Equal(5, output[1].Horizon);
        double up = y.Count(v => v > 0) / (double)y.Count(v => v != 0);
        Assert.Equal(up, output[0].UpProbability, 5);
        // Roughly 5 % of training targets lie below Q05 and 5 % above Q95.
        Assert.InRange(y.Count(v => v < output[0].Q05) / (double)y.Length, 0.04, 0.06);
        Assert.InRange(y.Count(v => v > output[0].Q95) / (double)y.Length, 0.04, 0.06);
    }

    [Fact]
    public void Window_of_wrong_size_is_rejected()
    {
        var model = new PersistenceForecaster(Scaled(1400));
        var error = Assert.Throws<ArgumentException>(() => model.Forecast(new float[7], new HorizonForecast[2]));
        Assert.Contains("persistence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ridge_recovers_a_planted_linear_signal_and_logistic_its_direction()
    {
        // Replace the targets' source with a known function of two features by building a dataset whose
        // closes follow it: easier to check the solver directly on a synthetic design.
        var random = new Random(1);
        int n = 4000, f = 3;
        var x = new float[n * f];
        var y = new double[n];
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < f; j++)
            {
                x[(i * f) + j] = (float)TestData.Normal(random);
            }

            y[i] = 0.5 + (2.0 * x[i * f]) - (1.0 * x[(i * f) + 2]) + (0.1 * TestData.Normal(random));
            labels[i] = (byte)(BaselineMath.Sigmoid((1.5 * x[i * f]) - 0.5) > random.NextDouble() ? 1 : 0);
        }

        double[] w = BaselineMath.Ridge(x, f, y, 1e-6);
        Assert.Equal(0.5, w[0], 1);
        Assert.Equal(2.0, w[1], 1);
        Assert.Equal(0.0, w[2], 1);
        Assert.Equal(-1.0, w[3], 1);

        double[] v = BaselineMath.Logistic(x, f, labels, 1e-6);
        Assert.InRange(v[0], -0.7, -0.3);
        Assert.InRange(v[1], 1.3, 1.7);
        Assert.InRange(Math.Abs(v[2]), 0, 0.15);
    }

    [Fact]
    public void Linear_and_drift_baselines_fit_real_data_and_give_valid_forecasts()
    {
        var train = Scaled(2000);
        var output = new HorizonForecast[2];
        foreach (IForecaster model in new IForecaster[] { new LinearForecaster(train), new EmaDriftForecaster(train) })
        {
            for (int s = 0; s < train.Count; s += 101)
            {
                model.Forecast(train.Window(s), output);
                foreach (var forecast in output)
                {
                    Assert.True(forecast.Q05 <= forecast.Q50 && forecast.Q50 <= forecast.Q95, $"{model.Name}: {forecast}");
                    Assert.InRange(forecast.UpProbability, 0f, 1f);
                }
            }
        }
    }

    [Fact]
    public void Ema_drift_median_is_horizon_times_the_ema_of_raw_returns()
    {
        var train = Scaled(1400);
        var model = new EmaDriftForecaster(train, span: 3);
        var output = new HorizonForecast[2];
        int s = 50;
        model.Forecast(train.Window(s), output);
        int end = train.EndRow(s);
        var closes = train.Matrix.Closes;
        double ema = 0, alpha = 0.5;
        for (int r = end - 3; r <= end; r++)
        {
            double ret = Math.Log(closes[r] / closes[r - 1]);
            ema = r == end - 3 ? ret : ema + (alpha * (ret - ema));
        }

        Assert.Equal(ema, output[0].Q50, 6);
        Assert.Equal(5 * ema, output[1].Q50, 6);
    }

    [Fact]
    public void LightGbm_learns_a_nonlinear_function_deterministically_and_round_trips_its_model()
    {
        var random = new Random(3);
        int n = 3000, f = 2;
        var x = new float[n * f];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i * f] = (float)((random.NextDouble() * 4) - 2);
            x[(i * f) + 1] = (float)random.NextDouble();
            y[i] = x[i * f] > 0 ? 3f : -1f; // a step: no linear model fits it
        }

        var options = new LightGbmOptions { Iterations = 60, MinDataInLeaf = 20, LearningRate = 0.2 };
        using var a = LightGbmBooster.Train(x, n, f, y, "regression", options);
        using var b = LightGbmBooster.Train(x, n, f, y, "regression", options);
        Assert.Equal(3.0, a.Predict([1.0f, 0.5f]), 1);
        Assert.Equal(-1.0, a.Predict([-1.0f, 0.5f]), 1);
        string model = a.SaveToString();
        Assert.Equal(model, b.SaveToString());
        using var loaded = LightGbmBooster.LoadFromString(model, f);
        Assert.Equal(a.Predict([0.3f, 0.1f]), loaded.Predict([0.3f, 0.1f]));

        var error = Assert.Throws<InvalidOperationException>(() => LightGbmBooster.LoadFromString("not a model", f));
        Assert.Contains("LightGBM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LightGbm_forecaster_trains_on_real_features()
    {
        var train = Scaled(2000);
        using var model = new LightGbmForecaster(train, new LightGbmOptions { Iterations = 20 });
        var output = new HorizonForecast[2];
        model.Forecast(train.Window(10), output);
        Assert.Equal("lightgbm", model.Name);
        Assert.True(output[1].Q05 < output[1].Q95);
        Assert.InRange(output[0].UpProbability, 0.01f, 0.99f);
    }
}
