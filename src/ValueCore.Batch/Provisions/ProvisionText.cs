using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Batch;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ValueCore.Internal;
using ValueCore.IO.Csv;
using ValueCore.Migration;

namespace ValueCore.Batch.Provisions;

/// <summary>UTF-8 output and input helpers of the provisioning jobs (same bytes as <see cref="CsvText"/>).</summary>
internal static class ProvisionText
{
    /// <summary>Room for one number and its comma.</summary>
    public const int NumberRoom = NumberText.MaxLength + 1;

    /// <summary>Appends a text field as <see cref="CsvText.Field(string)"/> writes it (RFC 4180 quoting, the formula apostrophe).</summary>
    public static int Field(Span<byte> d, int pos, ReadOnlySpan<byte> value) => CsvText.WriteField(d, pos, value);

    /// <summary>Bytes a field can take once quoted.</summary>
    public static int FieldRoom(int length) => CsvText.FieldRoom(length);

    /// <summary>Appends ",value" (empty for NaN), shortest round-trip (as <see cref="CsvText.Number"/>).</summary>
    public static int Num(Span<byte> d, int pos, double value)
    {
        d[pos++] = (byte)',';
        return double.IsNaN(value) ? pos : pos + NumberText.Write(value, d[pos..]);
    }

    /// <summary>Makes room for <paramref name="need"/> more bytes after <paramref name="pos"/>.</summary>
    public static byte[] Ensure(byte[] buffer, int pos, int need)
    {
        if (buffer.Length - pos >= need)
        {
            return buffer;
        }

        var bigger = new byte[Math.Max(buffer.Length * 2, pos + need)];
        buffer.AsSpan(0, pos).CopyTo(bigger);
        return bigger;
    }

    /// <summary>Parses a number with the readers' grammar (<see cref="CsvText.TryParseNumber"/>) in the book's format (a decimal comma where it has one).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, CsvFormat format, out double value)
    {
        if (format.DecimalComma)
        {
            return format.TryParseNumber(text, out value);
        }

        if (NumberText.TryParse(text, out value))
        {
            return true;
        }

        return CsvText.TryParseNumber(Encoding.UTF8.GetString(text), out value);
    }

    public static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>A second 64-bit hash of an identifier (FNV-1a with a final mix), independent of <see cref="Hash64"/>:
    /// together they key loans across two books (a false match among 10^7 loans has probability below 10^-24).</summary>
    public static ulong SecondHash(ReadOnlySpan<byte> id)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in id)
        {
            h = (h ^ b) * 0x100000001B3UL;
        }

        h ^= (ulong)id.Length;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h;
    }

    /// <summary>Writes the head of a manifest: tool, version, timestamp, inputs with their SHA-256.</summary>
    public static void WriteManifestHead(Utf8JsonWriter json, string tool, DateTimeOffset? timestamp,
        IEnumerable<(string Role, string File, string Sha256)> inputs, string? bookPath = null)
    {
        OutputDirectory.WriteToolAndTime(json, tool, timestamp);

        json.WriteStartArray("inputs");
        foreach (var (role, file, sha) in inputs)
        {
            json.WriteStartObject();
            json.WriteString("role", role);
            json.WriteString("file", file);
            if (role == "book" && bookPath is not null)
            {
                InputRecord.WriteSha256(json, bookPath, sha); // a database book: no file, its rows' hash and its query
            }
            else
            {
                json.WriteString("sha256", sha);
            }
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The role, name and SHA-256 of further inputs (a folder: each of its CSV files, in name order).</summary>
    public static IEnumerable<(string Role, string File, string Sha256)> Hash(IReadOnlyList<KeyValuePair<string, string>> files)
    {
        foreach (var (role, path) in files)
        {
            if (Directory.Exists(path))
            {
                foreach (var f in Directory.GetFiles(path, "*.csv").Order(StringComparer.Ordinal))
                {
                    yield return (role, Path.GetFileName(path.TrimEnd('/', '\\')) + "/" + Path.GetFileName(f), OutputDirectory.Sha256(f));
                }
            }
            else
            {
                yield return (role, Path.GetFileName(path), OutputDirectory.Sha256(path));
            }
        }
    }

    /// <summary>Opens rejected.csv (line, loan_id, column, value, rule) in the output folder.</summary>
    public static StreamWriter OpenRejected(OutputDirectory output)
    {
        var w = output.CreateText("rejected.csv");
        CsvText.WriteLine(w, "line", "loan_id", "column", "value", "rule");
        return w;
    }

    /// <summary>Writes one problem to rejected.csv.</summary>
    public static void WriteReject(TextWriter w, DataIssue issue, string loanId) => CsvText.WriteLine(w,
        issue.Line.ToString(CultureInfo.InvariantCulture), CsvText.Field(loanId), CsvText.Field(issue.Column), CsvText.Field(issue.Value), CsvText.Field(issue.Rule));

    /// <summary>The summary.txt line of a --skip-invalid run with rejected rows (empty when none were rejected).</summary>
    public static string SkipInvalidNote(bool skipInvalid, long read, long valued, long rejected, long issues) => skipInvalid && rejected > 0
        ? string.Create(CultureInfo.InvariantCulture, $"Invalid rows skipped (--skip-invalid): {read} read = {valued} measured + {rejected} rejected ({issues} problems, listed in rejected.csv); loans.csv and every total cover the measured rows only.\n")
        : "";

    public static void WriteRows(Utf8JsonWriter json, long read, long valued, long rejected, long blank)
    {
        json.WriteStartObject("rows");
        json.WriteNumber("read", read);
        json.WriteNumber("valued", valued);
        json.WriteNumber("rejected", rejected);
        json.WriteNumber("blank_lines", blank);
        json.WriteEndObject();
    }

    public static void WriteParameters(Utf8JsonWriter json, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }
    }

    public static void WriteAssumptions(Utf8JsonWriter json, string summaryText)
    {
        json.WriteStartArray("assumptions");
        foreach (var line in summaryText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            json.WriteStringValue(line);
        }

        json.WriteEndArray();
    }
}
