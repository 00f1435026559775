namespace PredictionSdk.Cli;

/// <summary>Checks the files named on the command line before a command reads them, so that the error names the option.</summary>
internal static class CommandInput
{
    /// <summary>
    /// Returns <paramref name="path"/> when it names a readable regular file; otherwise throws a
    /// <see cref="CommandException"/> naming <paramref name="option"/>: a missing file or a folder is an I/O error,
    /// a pipe or device (e.g. <c>/dev/stdin</c>) bad input, since candle files are read more than once.
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

        bool seekable;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            seekable = stream.CanSeek;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.IoError, $"{option} {path}: {ex.Message}", ex);
        }

        return seekable ? path
            : throw new CommandException(ExitCodes.BadInput, $"{option} {path} is a pipe or device, not a regular file; save the data to a file and pass its path");
    }
}
