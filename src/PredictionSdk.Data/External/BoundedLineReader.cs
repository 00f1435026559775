using System.Globalization;
using System.Text;

namespace PredictionSdk.Data.External;

/// <summary>
/// Reads lines (ended by <c>\n</c>, <c>\r\n</c> or <c>\r</c>, as <see cref="TextReader.ReadLineAsync()"/> does) of at
/// most a fixed length, so that an input without newlines — <c>/dev/zero</c>, a binary file — costs at most that much
/// memory instead of growing one line without end.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, string source, int maxLength)
{
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private bool _skipLineFeed;

    /// <summary>Lines returned so far (the 1-based number of the last one).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its ending; null at the end of the input.</summary>
    /// <exception cref="InvalidDataException">The line is longer than the limit (the message names its number).</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        bool any = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await reader.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    return any ? Finish() : null;
                }
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == '\n')
                {
                    _start++;
                    continue;
                }
            }

            any = true;
            var rest = _buffer.AsSpan(_start, _end - _start);
            int ending = rest.IndexOfAny('\n', '\r');
            int take = ending < 0 ? rest.Length : ending;
            if (_line.Length + take > maxLength)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{source} line {LineNumber + 1} is longer than {maxLength:N0} characters; is this a CSV file?"));
            }

            _line.Append(rest[..take]);
            _start += take;
            if (ending >= 0)
            {
                _skipLineFeed = _buffer[_start] == '\r';
                _start++;
                return Finish();
            }
        }
    }

    private string Finish()
    {
        LineNumber++;
        return _line.ToString();
    }
}
