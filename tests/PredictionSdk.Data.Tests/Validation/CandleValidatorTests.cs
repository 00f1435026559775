using PredictionSdk.Data.Validation;

namespace PredictionSdk.Data.Tests.Validation;

public class CandleValidatorTests
{
    private const string Header = "timestamp,open,high,low,close,volume\n";

    // Line 2 ok; 3 high below close; 4 negative volume; 5 NaN close; 6 duplicate of line 2; 7 out of order;
    // 8 misaligned; 9 ok after a 3-minute gap.
    private const string Dirty = Header +
        "2024-01-01T00:00:00Z,10,11,9,10.5,5\n" +
        "2024-01-01T00:02:00Z,10,10.2,9,10.5,5\n" +
        "2024-01-01T00:03:00Z,10,11,9,10.5,-2\n" +
        "2024-01-01T00:04:00Z,10,11,9,NaN,5\n" +
        "2024-01-01T00:00:00Z,10,11,9,10.5,5\n" +
        "2024-01-01T00:01:00Z,10,11,9,10.5,5\n" +
        "2024-01-01T00:05:30Z,10,11,9,10.5,5\n" +
        "2024-01-01T00:09:00Z,10,11,9,10.5,5\n";

    private static Task<ValidationResult> Run(string content, ValidationPolicy policy, Action<CandleValidationOptions>? configure = null)
    {
        var file = new TestData.TempFile(".csv", content);
        var options = new CandleValidationOptions { Policy = policy };
        configure?.Invoke(options);
        return RunAndDelete(file, options);
    }

    private static async Task<ValidationResult> RunAndDelete(TestData.TempFile file, CandleValidationOptions options)
    {
        using (file)
        {
            return await new CandleValidator(options).ValidateFileAsync(file.Path);
        }
    }

    [Fact]
    public async Task Reject_lists_every_problem_with_its_line_and_changes_nothing()
    {
        var result = await Run(Dirty, ValidationPolicy.Reject);
        var report = result.Report;
        Assert.False(report.IsAcceptable);
        Assert.Equal(8, result.Candles.Count);
        Assert.Equal(8, report.TotalRows);
        Assert.Equal([3L], report.Issues.Where(i => i.Kind == DataIssueKind.OhlcInconsistent).Select(i => i.LineNumber!.Value));
        Assert.Equal([4L], report.Issues.Where(i => i.Kind == DataIssueKind.NegativeVolume).Select(i => i.LineNumber!.Value));
        Assert.Equal([5L], report.Issues.Where(i => i.Kind == DataIssueKind.NonFinite).Select(i => i.LineNumber!.Value));
        Assert.Equal([6L], report.Issues.Where(i => i.Kind == DataIssueKind.Duplicate).Select(i => i.LineNumber!.Value));
        Assert.Equal([7L], report.Issues.Where(i => i.Kind == DataIssueKind.OutOfOrder).Select(i => i.LineNumber!.Value));
        Assert.Equal([8L], report.Issues.Where(i => i.Kind == DataIssueKind.Misaligned).Select(i => i.LineNumber!.Value));
        Assert.All(report.Issues, i => Assert.Equal(DataIssueAction.Reported, i.Action));
        Assert.Contains("identical to line 2", report.Issues.Single(i => i.Kind == DataIssueKind.Duplicate).Detail, StringComparison.Ordinal);
        var ex = Assert.Throws<CandleValidationException>(report.ThrowIfRejected);
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("high", ex.Field);
        Assert.Equal("10.2", ex.Value);
    }

    [Fact]
    public async Task Skip_leaves_out_and_lists_every_bad_row()
    {
        var result = await Run(Dirty, ValidationPolicy.Skip);
        var report = result.Report;
        Assert.True(report.IsAcceptable);
        Assert.Equal(new[] { 0, 9 }, result.Candles.Select(c => c.Timestamp.Minute));
        Assert.Equal(6, report.SkippedRows);
        Assert.Equal(0, report.RepairedRows);
        Assert.Equal(report.TotalRows, report.AcceptedRows + report.SkippedRows);
        Assert.Equal(new long[] { 3, 4, 5, 6, 7, 8 }, report.Issues.Where(i => i.Action == DataIssueAction.Skipped).Select(i => i.LineNumber!.Value).Distinct());
        Assert.Equal(new MissingRange(TestData.Start.AddMinutes(1), TestData.Start.AddMinutes(8), 8), Assert.Single(report.Gaps));
    }

    [Fact]
    public async Task Repair_fixes_what_it_can_and_skips_the_rest()
    {
        var result = await Run(Dirty, ValidationPolicy.Repair);
        var report = result.Report;
        var byMinute = result.Candles.ToDictionary(c => c.Timestamp.Minute);
        Assert.Equal(new[] { 0, 1, 2, 3, 5, 9 }, result.Candles.Select(c => c.Timestamp.Minute));
        Assert.Equal(10.5, byMinute[2].High);
        Assert.Equal(0, byMinute[3].Volume);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 5, 0, DateTimeKind.Utc), byMinute[5].Timestamp);
        Assert.All(result.Candles, c => Assert.True(c.IsConsistent));
        Assert.Equal(2, report.SkippedRows); // NaN close, duplicate
        Assert.Equal(4, report.RepairedRows);
        Assert.Equal(report.TotalRows, report.AcceptedRows + report.SkippedRows);
        Assert.Equal(new[] { new MissingRange(TestData.Start.AddMinutes(4), TestData.Start.AddMinutes(4), 1), new MissingRange(TestData.Start.AddMinutes(6), TestData.Start.AddMinutes(8), 3) }, report.Gaps);
        string text = report.ToString();
        Assert.Contains("line 5", text, StringComparison.Ordinal);
        Assert.Contains("[skipped]", text, StringComparison.Ordinal);
        Assert.Contains("[repaired]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hampel_filter_flags_a_single_spike_and_nothing_in_a_calm_series()
    {
        var candles = TestData.Minutes(300);
        var calm = new CandleValidator().Validate(candles).Report;
        Assert.Equal(0, calm.OutlierCount);
        Assert.True(calm.IsAcceptable);

        candles[150] = candles[150] with { Close = candles[150].Close * 1.2, High = candles[150].Close * 1.2 };
        var report = new CandleValidator(new CandleValidationOptions { OutlierThreshold = 8 }).Validate(candles).Report;
        var flagged = report.Issues.Where(i => i.Kind == DataIssueKind.Outlier).Select(i => i.Index).ToList();
        Assert.Contains(150L, flagged);
        Assert.Contains(151L, flagged); // the return back down
        Assert.True(report.IsAcceptable); // outliers are reported, not errors
        Assert.Equal(300, new CandleValidator(new CandleValidationOptions { Policy = ValidationPolicy.Skip }).Validate(candles).Candles.Count);
    }

    [Fact]
    public async Task Bundled_qqq_has_no_gaps_inside_sessions_and_a_holiday_is_not_a_gap()
    {
        var sessions = await new CandleValidator(new CandleValidationOptions { Symbol = Symbol.Stock("QQQ") }).ValidateFileAsync(TestData.Qqq);
        Assert.Equal(GapDetection.Sessions, sessions.Report.GapDetection);
        Assert.Empty(sessions.Report.Gaps);
        Assert.Equal(1, sessions.Report.ClosedSessions); // Memorial Day, 2025-05-26
        Assert.True(sessions.Report.IsAcceptable);

        var continuous = await new CandleValidator(new CandleValidationOptions { GapDetection = GapDetection.Continuous }).ValidateFileAsync(TestData.Qqq);
        Assert.Equal(20, continuous.Report.Gaps.Count); // one break between each pair of the 21 sessions
        var ignoringLong = await new CandleValidator(new CandleValidationOptions { IgnoreGapsLongerThan = TimeSpan.FromHours(12) }).ValidateFileAsync(TestData.Qqq);
        Assert.Empty(ignoringLong.Report.Gaps);
        Assert.Equal(20, ignoringLong.Report.IgnoredGaps);
    }

    [Fact]
    public async Task Session_mode_reports_a_missing_minute_inside_a_session()
    {
        var rows = await CandleFile.ReadRowsAsync(TestData.Qqq).ToListAsync();
        rows.RemoveAt(100);
        var report = new CandleValidator(new CandleValidationOptions { Symbol = Symbol.Stock("QQQ") }).Validate(rows, "qqq").Report;
        var gap = Assert.Single(report.Gaps);
        Assert.Equal(rows[99].Candle.Timestamp.AddMinutes(1), gap.First);
        Assert.Equal(1, gap.MissingBars);
    }

    [Fact]
    public async Task Bundled_crypto_files_are_clean_and_contiguous()
    {
        var btc = await new CandleValidator(new CandleValidationOptions { Symbol = Symbol.Parse("BTCUSDT") }).ValidateFileAsync(TestData.Btc);
        Assert.Equal(0, btc.Report.ErrorCount);
        Assert.Empty(btc.Report.Gaps);
        Assert.Equal(GapDetection.Continuous, btc.Report.GapDetection);
    }

    [Fact]
    public void Options_are_checked_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandleValidator(new CandleValidationOptions { OutlierHalfWindow = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandleValidator(new CandleValidationOptions { OutlierThreshold = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandleValidator(new CandleValidationOptions { IgnoreGapsLongerThan = TimeSpan.Zero }));
    }
}
