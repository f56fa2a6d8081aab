using System.Globalization;
using System.Text;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Profitability;

namespace ValueCore.IO;

/// <summary>Reads the JSON parameter files of a RAROC run: <c>params.json</c> and the column map <c>map.json</c>.</summary>
/// <remarks>
/// <c>params.json</c> keys (all optional): <c>hurdle</c>, <c>tax</c>, <c>capital_rate</c>, <c>confidence</c>,
/// <c>regime</c> ("basel2" | "basel3"), <c>pd_floor</c> (number or null),
/// <c>hurdle_by_segment</c> (object: segment -> hurdle). Unknown keys, repeated keys, wrong types, text after the object
/// and bytes that are not UTF-8 are errors naming the file, the line and the value given. See docs/loan-book.md.
/// </remarks>
public static class ParameterFiles
{
    /// <summary>Why the former scaling-factor switch is refused: the 1.06 now follows the capital basis and the regime.</summary>
    internal const string ScalingFactorRemoved = "is no longer a parameter: economic capital (ec) never carries the Basel II scaling factor 1.06, and RWA always carries the regime's (basel2: 1.06, defaulted loans included; basel3: none); remove it and choose the regime";

    /// <summary>Reads <c>params.json</c> over a base set of options.</summary>
    /// <param name="path">The file.</param>
    /// <param name="baseOptions">The options the file's entries replace; null for the defaults.</param>
    /// <returns>The options.</returns>
    /// <exception cref="DataValidationException">The file is not valid UTF-8 or not one JSON object, has an unknown or repeated key, or a value is out of range.</exception>
    public static ValuationOptions ReadValuationOptions(string path, ValuationOptions? baseOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        string source = Path.GetFileName(path);
        CheckUtf8(bytes, source);
        var options = baseOptions ?? ValuationOptions.Default;
        var irb = options.Irb;
        var fin = options.Profitability;
        var hurdles = new Dictionary<string, double>(options.HurdleBySegment, StringComparer.Ordinal);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, source, bytes);
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                long line = Line(bytes, reader.TokenStartIndex);
                Read(ref reader);
                string given = Given(ref reader);
                if (!seen.TryAdd(key, line))
                {
                    throw Fail(source, line, key, given, FormattableString.Invariant($"is given twice (first on line {seen[key]}); each key may appear once"));
                }

                try
                {
                    switch (key)
                    {
                        case "hurdle": fin = fin with { Hurdle = Number(ref reader, source, line, key, given) }; break;
                        case "tax": fin = fin with { TaxRate = Number(ref reader, source, line, key, given) }; break;
                        case "capital_rate": fin = fin with { CapitalRate = Number(ref reader, source, line, key, given) }; break;
                        case "confidence": irb = irb with { Confidence = Number(ref reader, source, line, key, given) }; break;
                        case "pd_floor": irb = irb with { PdFloor = reader.TokenType == JsonTokenType.Null ? null : Number(ref reader, source, line, key, given, " or null") }; break;
                        case "scaling_factor":
                            throw Fail(source, line, key, given, ScalingFactorRemoved);
                        case "regime":
                            irb = irb with
                            {
                                Regime = (reader.TokenType == JsonTokenType.String ? reader.GetString() : null) switch
                                {
                                    "basel2" => CapitalRegime.Basel2,
                                    "basel3" => CapitalRegime.Basel3,
                                    _ => throw Fail(source, line, key, given, "must be \"basel2\" or \"basel3\""),
                                },
                            };
                            break;
                        case "hurdle_by_segment":
                            if (reader.TokenType != JsonTokenType.StartObject)
                            {
                                throw Fail(source, line, key, given, "must be an object mapping segment to hurdle");
                            }

                            var segments = new Dictionary<string, long>(StringComparer.Ordinal);
                            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                            {
                                string segment = reader.GetString()!;
                                long segmentLine = Line(bytes, reader.TokenStartIndex);
                                string name = "hurdle_by_segment." + segment;
                                Read(ref reader);
                                string segmentGiven = Given(ref reader);
                                if (!segments.TryAdd(segment, segmentLine))
                                {
                                    throw Fail(source, segmentLine, name, segmentGiven, FormattableString.Invariant($"is given twice (first on line {segments[segment]}); each segment may appear once"));
                                }

                                double h = Number(ref reader, source, segmentLine, name, segmentGiven);
                                if (!(h >= -1 && h <= 10))
                                {
                                    throw Fail(source, segmentLine, name, segmentGiven, "is outside [-1, 10]");
                                }

                                hurdles[segment] = h;
                            }

                            break;
                        default:
                            throw Fail(source, line, key, given, "is not a parameter (known: hurdle, tax, capital_rate, confidence, regime, pd_floor, hurdle_by_segment)");
                    }
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw Fail(source, line, key, given, RangeRule(e));
                }
            }

            ExpectEnd(ref reader, source, bytes);
        }
        catch (JsonException e)
        {
            throw Fail(source, (e.LineNumber ?? 0) + 1, "", "", "is not valid JSON: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // A \u escape that is not a Unicode character (a lone surrogate) cannot be read as text.
            throw Fail(source, Line(bytes, reader.TokenStartIndex), "", "", "holds a \\u escape that is not a Unicode character (a lone surrogate)");
        }

        return options with { Irb = irb, Profitability = fin, HurdleBySegment = hurdles };
    }

    /// <summary>Reads a column map: a JSON object from standard column names to the file's headers.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The map.</returns>
    /// <exception cref="DataValidationException">The file is not valid UTF-8 or not one JSON object of strings, or names a column twice.</exception>
    public static IReadOnlyDictionary<string, string> ReadColumnMap(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        string source = Path.GetFileName(path);
        CheckUtf8(bytes, source);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, source, bytes);
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                long line = Line(bytes, reader.TokenStartIndex);
                Read(ref reader);
                string given = Given(ref reader);
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Fail(source, line, key, given, "must map to a header name (a string)");
                }

                if (!map.TryAdd(key, reader.GetString()!))
                {
                    throw Fail(source, line, key, given, "is mapped twice");
                }
            }

            ExpectEnd(ref reader, source, bytes);
        }
        catch (JsonException e)
        {
            throw Fail(source, (e.LineNumber ?? 0) + 1, "", "", "is not valid JSON: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // A \u escape that is not a Unicode character (a lone surrogate) cannot be read as text.
            throw Fail(source, Line(bytes, reader.TokenStartIndex), "", "", "holds a \\u escape that is not a Unicode character (a lone surrogate)");
        }

        return map;
    }

    /// <summary>The columns of the loan-book format a map may name (docs/loan-book.md, provisioning columns included).</summary>
    internal static IReadOnlyList<string> MappableColumns { get; } =
    [
        LoanColumns.LoanId, LoanColumns.Segment, LoanColumns.AssetClass, LoanColumns.Ead, LoanColumns.Drawn, LoanColumns.Undrawn,
        LoanColumns.Ccf, LoanColumns.CommitmentFee, LoanColumns.UndrawnFtp, LoanColumns.Pd, LoanColumns.Lgd, LoanColumns.Rate,
        LoanColumns.FtpRate, LoanColumns.Maturity, LoanColumns.Term, LoanColumns.CustomerId, LoanColumns.Product, LoanColumns.Sales,
        LoanColumns.Fees, LoanColumns.Opex, LoanColumns.Classification, LoanColumns.Beel, "amortisation", "repricing",
        "ecl_lgd", "eir", "remaining_term", "maturity_date", "stage", "dpd", "pd_origination", "impairment",
        .. LoanColumns.RegulatoryColumnNames,
    ];

    /// <summary>The coded text columns a value map may translate, with the values they translate to (null: any text).</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>?> ValueMapColumns { get; } = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal)
    {
        [LoanColumns.AssetClass] = LoanColumns.AssetClassLabels,
        [LoanColumns.Classification] = null,
        ["amortisation"] = ["bullet", "linear", "annuity"],
    };

    /// <summary>
    /// Reads a loan-book map: the file's header names of loan-book columns and, optionally, value maps for coded columns.
    /// </summary>
    /// <param name="path">The file: either a flat JSON object from standard column names to the file's headers
    /// (<c>{"ead": "EXPOSURE_AMT"}</c>), or <c>{"columns": {...}, "values": {"asset_class": {"CORP": "corporate"}}}</c>
    /// (both parts optional). Any column of the loan-book format may be named (docs/loan-book.md); a reader ignores the
    /// columns it does not use. Value maps apply to <c>asset_class</c>, <c>classification</c> and <c>amortisation</c>;
    /// a code not in the map is read as it stands.</param>
    /// <param name="baseOptions">The options whose <see cref="LoanBookCsvOptions.ColumnMap"/> and
    /// <see cref="LoanBookCsvOptions.ValueMap"/> the file replaces; null for the defaults.</param>
    /// <returns>The options with the file's column and value maps.</returns>
    /// <exception cref="DataValidationException">The file is not valid UTF-8 or not of this shape, names a column that is
    /// not of the loan-book format, names a key twice, or maps a code to a value the column does not take.</exception>
    public static LoanBookCsvOptions ReadLoanBookMap(string path, LoanBookCsvOptions? baseOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        string source = Path.GetFileName(path);
        CheckUtf8(bytes, source);
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, source, bytes);
            bool? structured = null;
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                long line = Line(bytes, reader.TokenStartIndex);
                Read(ref reader);
                string given = Given(ref reader);
                bool part = key is "columns" or "values" && reader.TokenType == JsonTokenType.StartObject;
                if (structured is bool s && s != part)
                {
                    throw Fail(source, line, key, given, "mixes the two forms: give either column names at the top level, or \"columns\" and \"values\" objects");
                }

                structured = part;
                if (!part)
                {
                    AddColumn(ref reader, columns, source, line, key, given);
                }
                else if (key == "columns")
                {
                    if (columns.Count > 0)
                    {
                        throw Fail(source, line, key, given, "is given twice");
                    }

                    while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        string column = reader.GetString()!;
                        long at = Line(bytes, reader.TokenStartIndex);
                        Read(ref reader);
                        AddColumn(ref reader, columns, source, at, column, Given(ref reader));
                    }
                }
                else
                {
                    if (values.Count > 0)
                    {
                        throw Fail(source, line, key, given, "is given twice");
                    }

                    ReadValueMaps(ref reader, values, source, bytes);
                }
            }

            ExpectEnd(ref reader, source, bytes);
        }
        catch (JsonException e)
        {
            throw Fail(source, (e.LineNumber ?? 0) + 1, "", "", "is not valid JSON: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // A \u escape that is not a Unicode character (a lone surrogate) cannot be read as text.
            throw Fail(source, Line(bytes, reader.TokenStartIndex), "", "", "holds a \\u escape that is not a Unicode character (a lone surrogate)");
        }

        return (baseOptions ?? LoanBookCsvOptions.Default) with { ColumnMap = columns, ValueMap = values };
    }

    private static void AddColumn(ref Utf8JsonReader reader, Dictionary<string, string> columns, string source, long line, string key, string given)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Fail(source, line, key, given, "must map to a header name (a string)");
        }

        if (!MappableColumns.Contains(key))
        {
            throw Fail(source, line, key, given, $"is not a loan-book column (known: {string.Join(", ", MappableColumns)})");
        }

        if (!columns.TryAdd(key, reader.GetString()!))
        {
            throw Fail(source, line, key, given, "is mapped twice");
        }
    }

    private static void ReadValueMaps(ref Utf8JsonReader reader, Dictionary<string, IReadOnlyDictionary<string, string>> values, string source, byte[] bytes)
    {
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            string column = reader.GetString()!;
            long line = Line(bytes, reader.TokenStartIndex);
            Read(ref reader);
            string given = Given(ref reader);
            if (!ValueMapColumns.TryGetValue(column, out var allowed))
            {
                throw Fail(source, line, column, given, $"has no value map (value maps apply to {string.Join(", ", ValueMapColumns.Keys)})");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Fail(source, line, column, given, "must map codes to values (a JSON object of strings)");
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                string code = reader.GetString()!;
                long at = Line(bytes, reader.TokenStartIndex);
                Read(ref reader);
                string value = Given(ref reader);
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Fail(source, at, column + "." + code, value, "must map to a value (a string)");
                }

                string target = reader.GetString()!;
                if (allowed is not null && !allowed.Contains(target))
                {
                    throw Fail(source, at, column + "." + code, value, $"is not a value of {column} ({string.Join(", ", allowed)})");
                }

                if (!map.TryAdd(code, target))
                {
                    throw Fail(source, at, column + "." + code, value, "is mapped twice");
                }
            }

            if (!values.TryAdd(column, map))
            {
                throw Fail(source, line, column, given, "is given twice");
            }
        }
    }

    private static bool Read(ref Utf8JsonReader reader) => reader.Read();

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source, byte[] bytes)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw Fail(source, Line(bytes, reader.TokenStartIndex), "", "", "must hold a JSON object");
        }
    }

    /// <summary>After the root object's end: nothing but white space and comments may follow (no second object, no trailing text).</summary>
    private static void ExpectEnd(ref Utf8JsonReader reader, string source, byte[] bytes)
    {
        // The reader (one value per document) throws a JsonException naming the line for anything after the root object.
        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
        {
            throw Fail(source, Line(bytes, reader.TokenStartIndex), "", "", "must hold one JSON object and nothing after it");
        }
    }

    /// <summary>The value at the reader as given in the file, for messages: a string in quotes, a number as written, an object or list abbreviated; the issue shortens it (<see cref="DataIssue.Shorten"/>).</summary>
    private static string Given(ref Utf8JsonReader reader)
    {
        string text = reader.TokenType switch
        {
            JsonTokenType.String => "\"" + reader.GetString() + "\"",
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => "null",
            JsonTokenType.StartObject => "{...}",
            JsonTokenType.StartArray => "[...]",
            _ => "",
        };
        return text; // DataIssue shortens it (at most 64 characters, then the length)
    }

    /// <summary>A number value; any other type (a string, an object, ...) or a number beyond the range of a double is an error showing the value given.</summary>
    private static double Number(ref Utf8JsonReader reader, string source, long line, string key, string given, string alternative = "")
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Fail(source, line, key, given, "must be a number" + alternative);
        }

        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw Fail(source, line, key, given, "is not a finite number");
        }

        return value;
    }

    /// <summary>Fails on the first byte sequence that is not UTF-8, naming its line and column (1-based, in bytes) before any JSON is read.</summary>
    private static void CheckUtf8(byte[] bytes, string source)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int valid, out _, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done)
        {
            return;
        }

        int lineStart = bytes.AsSpan(0, valid).LastIndexOf((byte)'\n') + 1;
        throw Fail(source, Line(bytes, valid), "", "",
            string.Create(CultureInfo.InvariantCulture, $"is not valid UTF-8 (byte 0x{bytes[valid]:X2} at column {valid - lineStart + 1}); save the file as UTF-8"));
    }

    /// <summary>"TaxRate = 5 is outside [0, 1). (Parameter 'TaxRate')\nActual value was 5." becomes "is outside [0, 1)": the key and the value given precede it.</summary>
    private static string RangeRule(ArgumentException e)
    {
        string first = e.Message.Split('\n')[0];
        int cut = first.IndexOf(" (Parameter '", StringComparison.Ordinal);
        first = (cut >= 0 ? first[..cut] : first).TrimEnd('.');
        int verb = first.IndexOf(" is ", StringComparison.Ordinal);
        int eq = first.IndexOf(" = ", StringComparison.Ordinal);
        return eq >= 0 && eq < verb ? first[(verb + 1)..] : "is out of range: " + first;
    }

    private static long Line(byte[] bytes, long offset) => bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n') + 1;

    private static DataValidationException Fail(string source, long line, string key, string value, string rule) =>
        new(source, [new DataIssue(line, key, value, rule)], 1);
}
