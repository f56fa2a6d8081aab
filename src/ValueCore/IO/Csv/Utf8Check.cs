using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace ValueCore.IO.Csv;

/// <summary>
/// The UTF-8 rule for inputs read as text (docs/conventions.md, "Text in and out"): a line that is not valid UTF-8 is
/// an input error by rule, never decoded with replacement characters (which would merge <c>seg\xff</c> and
/// <c>seg\xfe</c> into one text). The byte readers check each record (<see cref="CsvRecordSplitter.InvalidUtf8Field"/>);
/// the readers that decode a whole file through a <see cref="TextReader"/> call <see cref="ThrowIfInvalid"/> first.
/// </summary>
internal static class Utf8Check
{
    /// <summary>Checks a file line by line in one streaming pass (whole blocks at a time while they are valid).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataValidationException">Some line is not valid UTF-8: every such line is counted, the first
    /// <see cref="DataValidationException.MaxListed"/> listed with the byte at which the text breaks.</exception>
    public static void ThrowIfInvalid(string path)
    {
        var issues = new List<DataIssue>();
        long total = 0;
        long line = 1;
        var buffer = new byte[1 << 16];
        int filled = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
            }

            int n = stream.Read(buffer, filled, buffer.Length - filled);
            filled += n;
            var data = buffer.AsSpan(0, filled);
            int end = n == 0 ? filled : data.LastIndexOf((byte)'\n') + 1; // whole lines only, until the end of the file
            var lines = data[..end];
            if (Utf8.IsValid(lines))
            {
                line += lines.Count((byte)'\n');
            }
            else
            {
                while (!lines.IsEmpty)
                {
                    int nl = lines.IndexOf((byte)'\n');
                    var text = nl < 0 ? lines : lines[..nl];
                    lines = nl < 0 ? [] : lines[(nl + 1)..];
                    if (!Utf8.IsValid(text))
                    {
                        total++;
                        if (issues.Count < DataValidationException.MaxListed)
                        {
                            issues.Add(Issue(line, text));
                        }
                    }

                    line++;
                }
            }

            data[end..].CopyTo(buffer);
            filled -= end;
            if (n == 0)
            {
                break;
            }
        }

        if (total > 0)
        {
            throw new DataValidationException(Path.GetFileName(path), issues, total);
        }
    }

    private static DataIssue Issue(long line, ReadOnlySpan<byte> text)
    {
        int at = 0;
        while (at < text.Length && Rune.DecodeFromUtf8(text[at..], out _, out int consumed) == System.Buffers.OperationStatus.Done)
        {
            at += consumed;
        }

        int from = Math.Max(0, at - 16);
        var near = CsvText.Describe(text[from..Math.Min(text.Length, at + 4)]);
        return new DataIssue(line, "", "", string.Create(CultureInfo.InvariantCulture,
            $"is not valid UTF-8 from byte {at + 1} of the line (\"{near}\")"));
    }
}
