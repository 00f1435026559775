namespace PredictionSdk.Cli;

/// <summary>Checks the files named on the command line before a command reads them, so that the error names the option.</summary>
internal static class CommandInput
{
    /// <summary>
    /// Returns <paramref name="path"/> when it names something to read; otherwise throws a <see cref="CommandException"/>
    /// naming <paramref name="option"/>: a missing file or a folder is an I/O error. Pipes and devices (a FIFO,
    /// <c>/dev/stdin</c>) are read as streams in one pass — the CSV readers recognise gzip without seeking and cap
    /// every line — so they are not opened here: opening a pipe to look at it would consume its writer.
    /// </summary>
    public static string File(string path, string option = "--input")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new CommandException(ExitCodes.IoError, $"{option} {path} is a folder, not a file");
        }

        if (!System.IO.File.Exists(path))
        {
            throw new CommandException(ExitCodes.IoError, $"{option} {path}: file not found");
        }

        return path;
    }
}
