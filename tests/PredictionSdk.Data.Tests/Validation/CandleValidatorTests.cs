using PredictionSdk.Data.Validation;
using PredictionSdk.Validation;

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
        Assert.Equal([3L], report.Issues.Where(i => i.Rule == CandleRule.OhlcInconsistent).Select(i => i.LineNumber!.Value));
        Assert.Equal([4L], report.Issues.Where(i => i.Rule == CandleRule.NegativeVolume).Select(i => i.LineNumber!.Value));
        Assert.Equal([5L], report.Issues.Where(i => i.Rule == CandleRule.NonFinitePrice).Select(i => i.LineNumber!.Value));
        Assert.Equal([6L], report.Issues.Where(i => i.Rule == CandleRule.Duplicate).Select(i => i.LineNumber!.Value));
        Assert.Equal([7L], report.Issues.Where(i => i.Rule == CandleRule.OutOfOrder).Select(i => i.LineNumber!.Value));
        Assert.Equal([8L], report.Issues.Where(i => i.Rule == CandleRule.Misaligned).Select(i => i.LineNumber!.Value));
        Assert.All(report.Issues, i => Assert.Equal(CandleIssueAction.Reported, i.Action));
        Assert.Contains("identical to row 1 (line 2)", report.Issues.Single(i => i.Rule == CandleRule.Duplicate).Detail, StringComparison.Ordinal);
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

        // Order is judged against the rows accepted: with lines 3-5 left out, line 7 (00:01) follows line 2 (00:00).
        Assert.Equal(new[] { 0, 1, 9 }, result.Candles.Select(c => c.Timestamp.Minute));
        Assert.Equal(5, report.SkippedRows);
        Assert.Equal(0, report.RepairedRows);
        Assert.Equal(report.TotalRows, report.AcceptedRows + report.SkippedRows);
        Assert.Equal(new long[] { 3, 4, 5, 6, 8 }, report.Issues.Where(i => i.Action == CandleIssueAction.Skipped).Select(i => i.LineNumber!.Value).Distinct());
        Assert.Equal(new MissingRange(TestData.Start.AddMinutes(2), TestData.Start.AddMinutes(8), 7), Assert.Single(report.Gaps));
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
    public void Outlier_rule_flags_a_single_spike_and_nothing_in_a_calm_series()
    {
        var candles = TestData.Minutes(300);
        var calm = new CandleValidator().Validate(candles).Report;
        Assert.Equal(0, calm.OutlierCount);
        Assert.True(calm.IsAcceptable);

        candles[150] = candles[150] with { Close = candles[150].Close * 1.2, High = candles[150].Close * 1.2 };
        var report = new CandleValidator(new CandleValidationOptions { OutlierThreshold = 8 }).Validate(candles).Report;
        var flagged = report.Issues.Where(i => i.Rule == CandleRule.Outlier).Select(i => i.Row).ToList();
        Assert.Contains(151L, flagged); // rows count from 1: candles[150] is row 151
        Assert.Contains(152L, flagged); // the return back down
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
    public async Task Zero_and_negative_prices_are_invalid_rows_named_by_line_and_field()
    {
        const string content = Header +
            "2024-01-01T00:00:00Z,10,11,9,10.5,5\n" +
            "2024-01-01T00:01:00Z,10,11,9,0,5\n" +
            "2024-01-01T00:02:00Z,-1,11,-1,10.5,5\n" +
            "2024-01-01T00:03:00Z,10,11,9,10.5,5\n";
        var rejected = await Run(content, ValidationPolicy.Reject);
        Assert.False(rejected.Report.IsAcceptable);
        var issues = rejected.Report.Issues.Where(i => i.Rule == CandleRule.NonPositivePrice).ToList();
        Assert.Equal([3L, 4L], issues.Select(i => i.LineNumber!.Value));
        Assert.Equal(["close", "open"], issues.Select(i => i.Field));
        var ex = Assert.Throws<CandleValidationException>(rejected.Report.ThrowIfRejected);
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("close", ex.Field);

        // Not repairable: repair drops them, as skip does.
        var repaired = await Run(content, ValidationPolicy.Repair);
        Assert.Equal(new[] { 0, 3 }, repaired.Candles.Select(c => c.Timestamp.Minute));
        Assert.Equal(2, repaired.Report.SkippedRows);
    }

    [Theory]
    [InlineData("")]
    [InlineData(Header)]
    public async Task Empty_and_header_only_inputs_are_not_acceptable(string content)
    {
        foreach (var policy in Enum.GetValues<ValidationPolicy>())
        {
            var report = (await Run(content, policy)).Report;
            Assert.Equal(0, report.TotalRows);
            Assert.False(report.IsAcceptable);
            var ex = Assert.Throws<CandleValidationException>(report.ThrowIfRejected);
            Assert.Contains("0 rows", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Result: rejected (0 rows", report.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task File_and_memory_number_a_bar_the_same_way_and_the_report_names_its_source()
    {
        var rows = await CandleFile.ReadRowsAsync(TestData.Btc).ToListAsync();
        rows[482] = rows[482] with { Candle = rows[482].Candle with { High = rows[482].Candle.Low / 2 } };
        using var file = new TestData.TempFile(".csv");
        await CandleFile.WriteAsync(file.Path, rows.Select(r => r.Candle));

        var fromFile = (await new CandleValidator().ValidateFileAsync(file.Path)).Report;
        var fromMemory = new CandleValidator().Validate(await CandleFile.ReadAllAsync(file.Path)).Report;
        var inFile = fromFile.Issues.First(i => i.IsError);
        var inMemory = fromMemory.Issues.First(i => i.IsError);
        Assert.Equal(483, inFile.Row);
        Assert.Equal(inFile.Row, inMemory.Row);
        Assert.Equal(484, inFile.LineNumber);
        Assert.Null(inMemory.LineNumber);
        Assert.StartsWith("row 483 (line 484) ", inFile.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("row 483 ", inMemory.ToString(), StringComparison.Ordinal);

        Assert.Equal(file.Path, fromFile.Source);
        Assert.Equal(CandleValidator.InMemorySource, fromMemory.Source);
        Assert.StartsWith("Data quality: in-memory candles", fromMemory.ToString(), StringComparison.Ordinal);
        Assert.Equal("btc.csv", new CandleValidator().Validate(rows.Select(r => r.Candle), "btc.csv").Report.Source);
    }

    [Fact]
    public void A_price_jump_is_rejected_until_bars_in_a_row_confirm_the_new_level()
    {
        var candles = TestData.Minutes(40);
        for (int i = 20; i < 40; i++)
        {
            var c = candles[i];
            candles[i] = c with { Open = c.Open * 2, High = c.High * 2, Low = c.Low * 2, Close = c.Close * 2 };
        }

        var report = new CandleValidator(new CandleValidationOptions { Policy = ValidationPolicy.Skip }).Validate(candles).Report;
        var jumps = report.Issues.Where(i => i.Rule == CandleRule.PriceJump).ToList();
        Assert.Equal([21L, 22L], jumps.Select(i => i.Row)); // the third bar at the new level confirms it
        Assert.Equal(38, report.AcceptedRows);
        Assert.True(new CandleValidator(new CandleValidationOptions { MaxPriceJump = null }).Validate(candles).Report.IsAcceptable);
    }

    [Fact]
    public void Options_are_checked_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandleValidator(new CandleValidationOptions { OutlierHalfWindow = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandleValidator(new CandleValidationOptions { OutlierThreshold = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandleValidator(new CandleValidationOptions { IgnoreGapsLongerThan = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandleValidator(new CandleValidationOptions { MaxPriceJump = 0 }));
    }
}
