namespace PredictionSdk.Cli;

/// <summary>
/// Writes each progress message as a line at once, on the reporting thread. <see cref="Progress{T}"/> would post the
/// lines to the thread pool, where they can come out of order, after the command's answer, or after its writer closed.
/// </summary>
internal sealed class ProgressLines(TextWriter writer) : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            writer.WriteLine(value);
        }
    }
}
