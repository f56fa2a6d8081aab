using System.Text;

namespace ValueCore.IO.Impairment;

/// <summary>Streams the records of a CSV file with their 1-based physical line numbers (header = line 1); RFC 4180 quoting on one line.</summary>
internal static class CsvRecords
{
    /// <summary>Splits one line into fields; returns null when a quote is unbalanced.</summary>
    public static string[]? Split(string line)
    {
        if (line.IndexOf('"', StringComparison.Ordinal) < 0)
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var sb = new StringBuilder();
        int i = 0;
        while (true)
        {
            sb.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return null;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    return null;
                }
            }
            else
            {
                int comma = line.IndexOf(',', i);
                int stop = comma < 0 ? line.Length : comma;
                sb.Append(line, i, stop - i);
                i = stop;
            }

            fields.Add(sb.ToString());
            if (i >= line.Length)
            {
                return [.. fields];
            }

            i++; // skip the comma
        }
    }

    /// <summary>Reads lines (LF or CRLF), yielding (line number, text); a UTF-8 BOM is skipped.</summary>
    public static IEnumerable<(long Line, string Text)> Lines(string path)
    {
        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        long n = 0;
        while (reader.ReadLine() is { } text)
        {
            yield return (++n, text);
        }
    }
}
