using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Profitability;

namespace ValueCore.IO;

/// <summary>Reads the JSON parameter files of a RAROC run: <c>params.json</c> and the column map <c>map.json</c>.</summary>
/// <remarks>
/// <c>params.json</c> keys (all optional): <c>hurdle</c>, <c>tax</c>, <c>capital_rate</c>, <c>confidence</c>,
/// <c>regime</c> ("basel2" | "basel3"), <c>pd_floor</c> (number or null),
/// <c>hurdle_by_segment</c> (object: segment -> hurdle). Unknown keys and wrong types are errors naming the file and
/// line. See docs/loan-book.md.
/// </remarks>
public static class ParameterFiles
{
    /// <summary>Why the former scaling-factor switch is refused: the 1.06 now follows the capital basis and the regime.</summary>
    internal const string ScalingFactorRemoved = "is no longer a parameter: economic capital (ec) never carries the Basel II scaling factor 1.06, and RWA always carries the regime's (basel2: 1.06, defaulted loans included; basel3: none); remove it and choose the regime";

    /// <summary>Reads <c>params.json</c> over a base set of options.</summary>
    /// <param name="path">The file.</param>
    /// <param name="baseOptions">The options the file's entries replace; null for the defaults.</param>
    /// <returns>The options.</returns>
    /// <exception cref="DataValidationException">The file is not valid JSON, has an unknown key, or a value is out of range.</exception>
    public static ValuationOptions ReadValuationOptions(string path, ValuationOptions? baseOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        string source = Path.GetFileName(path);
        var options = baseOptions ?? ValuationOptions.Default;
        var irb = options.Irb;
        var fin = options.Profitability;
        var hurdles = new Dictionary<string, double>(options.HurdleBySegment, StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, source, bytes);
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                long line = Line(bytes, reader.TokenStartIndex);
                Read(ref reader);
                try
                {
                    switch (key)
                    {
                        case "hurdle": fin = fin with { Hurdle = reader.GetDouble() }; break;
                        case "tax": fin = fin with { TaxRate = reader.GetDouble() }; break;
                        case "capital_rate": fin = fin with { CapitalRate = reader.GetDouble() }; break;
                        case "confidence": irb = irb with { Confidence = reader.GetDouble() }; break;
                        case "pd_floor": irb = irb with { PdFloor = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble() }; break;
                        case "scaling_factor":
                            throw Fail(source, line, key, reader.TokenType switch { JsonTokenType.True => "true", JsonTokenType.False => "false", _ => "" }, ScalingFactorRemoved);
                        case "regime":
                            irb = irb with
                            {
                                Regime = reader.GetString() switch
                                {
                                    "basel2" => CapitalRegime.Basel2,
                                    "basel3" => CapitalRegime.Basel3,
                                    var other => throw Fail(source, line, key, other ?? "", "must be \"basel2\" or \"basel3\""),
                                },
                            };
                            break;
                        case "hurdle_by_segment":
                            if (reader.TokenType != JsonTokenType.StartObject)
                            {
                                throw Fail(source, line, key, "", "must be an object mapping segment to hurdle");
                            }

                            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                            {
                                string segment = reader.GetString()!;
                                Read(ref reader);
                                double h = reader.GetDouble();
                                if (!(h >= -1 && h <= 10))
                                {
                                    throw Fail(source, Line(bytes, reader.TokenStartIndex), "hurdle_by_segment." + segment, h.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "is outside [-1, 10]");
                                }

                                hurdles[segment] = h;
                            }

                            break;
                        default:
                            throw Fail(source, line, key, "", "is not a parameter (known: hurdle, tax, capital_rate, confidence, regime, pd_floor, hurdle_by_segment)");
                    }
                }
                catch (InvalidOperationException)
                {
                    throw Fail(source, line, key, "", "has the wrong type");
                }
                catch (FormatException)
                {
                    throw Fail(source, line, key, "", "is not a number");
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw Fail(source, line, key, "", "is out of range: " + e.Message.Split('\n')[0]);
                }
            }
        }
        catch (JsonException e)
        {
            throw Fail(source, (e.LineNumber ?? 0) + 1, "", "", "is not valid JSON: " + e.Message);
        }

        return options with { Irb = irb, Profitability = fin, HurdleBySegment = hurdles };
    }

    /// <summary>Reads a column map: a JSON object from standard column names to the file's headers.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The map.</returns>
    /// <exception cref="DataValidationException">The file is not a JSON object of strings.</exception>
    public static IReadOnlyDictionary<string, string> ReadColumnMap(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        string source = Path.GetFileName(path);
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
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Fail(source, line, key, "", "must map to a header name (a string)");
                }

                if (!map.TryAdd(key, reader.GetString()!))
                {
                    throw Fail(source, line, key, "", "is mapped twice");
                }
            }
        }
        catch (JsonException e)
        {
            throw Fail(source, (e.LineNumber ?? 0) + 1, "", "", "is not valid JSON: " + e.Message);
        }

        return map;
    }

    private static bool Read(ref Utf8JsonReader reader) => reader.Read();

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source, byte[] bytes)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw Fail(source, Line(bytes, reader.TokenStartIndex), "", "", "must hold a JSON object");
        }
    }

    private static long Line(byte[] bytes, long offset) => bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n') + 1;

    private static DataValidationException Fail(string source, long line, string key, string value, string rule) =>
        new(source, [new DataIssue(line, key, value, rule)], 1);
}
