using System.Text;

namespace ValueCore.Fuzz;

/// <summary>Seeded mutations of a text file: byte flips, deleted, duplicated and truncated lines, fields swapped for
/// special values, extra and missing columns, a semicolon separator, decimal commas and header case changes.</summary>
public static class Mutator
{
    private static readonly string[] s_extremes = ["1e308", "-1e308", "1.7976931348623157e308", "1e15", "-1e15", "NaN", "Infinity", "1e-320", "-0", "0"];

    /// <summary>The values a field is swapped for.</summary>
    public static IReadOnlyList<byte[]> SpecialValues { get; } =
    [
        .. new[]
        {
            "", "1e308", "-1e308", "1.7976931348623157e308", "NaN", "-NaN", "Infinity", "-Infinity", "∞", "-0", "1e-320",
            "1e15", "1.0000001e15", "-1e15", "0", "-1", "1", "2", "0.5", "1e-9", "99999999999", "-2147483649",
            "=cmd|' /C calc'!A0", "+1", "@SUM(1+1)", "=HYPERLINK(\"http://x\",\"y\")", "\"", "\"a\"\"b\"", "\"unterminated",
            "a\rb", "a\nb", "\t", " 1 ", "1,5", "0x10", "1_000", "2024-02-30", "9999-12-31", "0001-01-01", "pass",
            "loss", "null", "true", "[", "{", "}", "]", "- [", "&a", "*a", "!!binary", "~", "1y", "-3m",
            new string('x', 5000), new string('9', 400),
        }.Select(s => Encoding.UTF8.GetBytes(s)),
        [0xFF],
        [(byte)'s', (byte)'e', (byte)'g', 0xFE],
        [0xC3],
        [0xED, 0xA0, 0x80],
        [0xEF, 0xBB, 0xBF, (byte)'x'],
        [0x00],
    ];

    /// <summary>Applies one random mutation and returns the new content and a description of what was done.</summary>
    public static (byte[] Content, string What) Mutate(byte[] input, Random rng)
    {
        var lines = SplitLines(input);
        int kind = rng.Next(16);
        switch (kind)
        {
            case 0 when input.Length > 0:
            {
                var copy = (byte[])input.Clone();
                int at = rng.Next(copy.Length);
                copy[at] ^= (byte)(1 + rng.Next(255));
                return (copy, $"byte {at} flipped");
            }

            case 1 when lines.Count > 1:
            {
                int at = rng.Next(lines.Count);
                lines.RemoveAt(at);
                return (Join(lines), $"line {at + 1} deleted");
            }

            case 2 when lines.Count > 0:
            {
                int at = rng.Next(lines.Count);
                int times = rng.Next(4) == 0 ? 50 : 1;
                for (int i = 0; i < times; i++)
                {
                    lines.Insert(at, lines[at]);
                }

                return (Join(lines), $"line {at + 1} duplicated x{times}");
            }

            case 3 when input.Length > 0:
            {
                int at = rng.Next(input.Length);
                return (input[..at], $"file truncated at byte {at}");
            }

            case 4 when lines.Count > 0:
            {
                int at = rng.Next(lines.Count);
                lines[at] = lines[at][..rng.Next(lines[at].Length + 1)];
                return (Join(lines), $"line {at + 1} truncated");
            }

            case 5 when lines.Count > 0:
            {
                int at = rng.Next(lines.Count);
                lines[at] = [.. lines[at], .. ",extra"u8];
                if (rng.Next(3) == 0)
                {
                    for (int i = 0; i < lines.Count; i++)
                    {
                        lines[i] = [.. lines[i], .. Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(",c", 200)))];
                    }

                    return (Join(lines), "200 extra columns on every line");
                }

                return (Join(lines), $"extra column on line {at + 1}");
            }

            case 6 when lines.Count > 0:
            {
                int at = rng.Next(lines.Count);
                var fields = SplitFields(lines[at]);
                if (fields.Count > 1)
                {
                    fields.RemoveAt(rng.Next(fields.Count));
                }

                lines[at] = JoinFields(fields);
                return (Join(lines), $"a column removed from line {at + 1}");
            }

            case 7:
                return (input.Select(b => b == (byte)',' ? (byte)';' : b).ToArray(), "semicolon separator");

            case 8 when lines.Count > 0:
            {
                int at = rng.Next(lines.Count);
                var l = lines[at];
                for (int i = 1; i + 1 < l.Length; i++)
                {
                    if (l[i] == (byte)'.' && char.IsAsciiDigit((char)l[i - 1]) && char.IsAsciiDigit((char)l[i + 1]))
                    {
                        l[i] = (byte)',';
                    }
                }

                return (Join(lines), $"decimal commas on line {at + 1}");
            }

            case 9 when lines.Count > 0:
            {
                string header = Encoding.UTF8.GetString(lines[0]);
                header = rng.Next(2) == 0 ? header.ToUpperInvariant() : string.Concat(header.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));
                lines[0] = Encoding.UTF8.GetBytes(header);
                return (Join(lines), "header case changed");
            }

            case 10 when lines.Count > 0:
            {
                // Swap two columns of the header only: every value lands under another name.
                var fields = SplitFields(lines[0]);
                if (fields.Count > 1)
                {
                    int a = rng.Next(fields.Count), b = rng.Next(fields.Count);
                    (fields[a], fields[b]) = (fields[b], fields[a]);
                    lines[0] = JoinFields(fields);
                }

                return (Join(lines), "two header names swapped");
            }

            case 11:
                return (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(input).Replace("\n", "\r\n", StringComparison.Ordinal)), "CRLF line ends");

            case 12 when lines.Count > 1:
            {
                // One column set to the same special value on every data line: two loans of 1e308 overflow a sum.
                int f = rng.Next(SplitFields(lines[0]).Count);
                var value = rng.Next(2) == 0
                    ? Encoding.UTF8.GetBytes(s_extremes[rng.Next(s_extremes.Length)])
                    : SpecialValues[rng.Next(SpecialValues.Count)];
                for (int i = 1; i < lines.Count; i++)
                {
                    var fields = SplitFields(lines[i]);
                    if (f < fields.Count)
                    {
                        fields[f] = value;
                        lines[i] = JoinFields(fields);
                    }
                }

                return (Join(lines), $"column {f + 1} set to {Describe(value)} on every line");
            }

            default:
            {
                if (lines.Count == 0)
                {
                    return ([.. SpecialValues[rng.Next(SpecialValues.Count)]], "empty file replaced by a special value");
                }

                // The most frequent mutation: one field (of a data line, sometimes of the header) swapped for a special value.
                int at = lines.Count > 1 && rng.Next(8) != 0 ? 1 + rng.Next(lines.Count - 1) : 0;
                var fields = SplitFields(lines[at]);
                int f = rng.Next(fields.Count);
                var value = SpecialValues[rng.Next(SpecialValues.Count)];
                fields[f] = TokenSwap(fields[f], value, rng);
                lines[at] = JoinFields(fields);
                return (Join(lines), $"line {at + 1} field {f + 1} set to {Describe(value)}");
            }
        }
    }

    private static byte[] TokenSwap(byte[] field, byte[] value, Random rng)
    {
        // In JSON and YAML lines the "field" is the text after a colon; keep the key half of the time.
        int colon = Array.IndexOf(field, (byte)':');
        return colon >= 0 && rng.Next(2) == 0 ? [.. field[..(colon + 1)], (byte)' ', .. value] : value;
    }

    private static string Describe(byte[] value)
    {
        string s = Encoding.UTF8.GetString(value);
        s = s.Length > 20 ? $"{s[..10]}... ({s.Length} characters)" : s;
        return value.Any(b => b >= 0x80) && !Encoding.UTF8.GetBytes(s).SequenceEqual(value)
            ? "bytes " + Convert.ToHexString(value)
            : "'" + s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
    }

    private static List<byte[]> SplitLines(byte[] input)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i] == (byte)'\n')
            {
                lines.Add(input[start..i]);
                start = i + 1;
            }
        }

        if (start < input.Length)
        {
            lines.Add(input[start..]);
        }

        return lines;
    }

    private static byte[] Join(List<byte[]> lines) => [.. lines.SelectMany(l => l.Append((byte)'\n'))];

    private static List<byte[]> SplitFields(byte[] line)
    {
        var fields = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i == line.Length || line[i] == (byte)',')
            {
                fields.Add(line[start..i]);
                start = i + 1;
            }
        }

        return fields;
    }

    private static byte[] JoinFields(List<byte[]> fields) =>
        [.. fields.SelectMany((f, i) => i == 0 ? f : f.Prepend((byte)','))];
}
