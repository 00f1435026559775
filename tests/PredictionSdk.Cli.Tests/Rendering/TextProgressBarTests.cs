using PredictionSdk.Models.Training;

namespace PredictionSdk.Cli.Tests.Rendering;

public sealed class TextProgressBarTests
{
    [Fact]
    public void Draws_one_line_in_place_and_ends_it_with_each_epoch()
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var bar = new TextProgressBar(text, width: 10);

        bar.Report(new TrainingProgress(1, 2, 3, 4, 0.5, null, null, 1234.4, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(65)));
        Assert.Equal("\repoch 1/2 [###.......] batch 3/4 loss 0.5000 1234/s ETA 01:05   ", text.ToString());

        bar.Report(new TrainingProgress(1, 2, 4, 4, 0.25, 0.75, 0.75, 1000, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)));
        string[] lines = text.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("epoch 1/2 [#####.....] batch 4/4 loss 0.2500 val 0.7500 1000/s ETA 00:04   " + Environment.NewLine, lines[^1]);
    }
}
