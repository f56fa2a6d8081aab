using System.Globalization;
using ValueCore.Portfolio;
using ValueCore.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ValueCore.IO;

/// <summary>Reads scenario files: YAML (JSON, a subset of YAML, is accepted as well), validated strictly with the line of every problem.</summary>
/// <remarks>
/// The schema (docs/scenarios.md):
/// <code>
/// baseline_weight: 0.5              # optional; without it the baseline weighs 1 - sum of the weights
/// scenarios:
///   - name: adverse                 # letters, digits, _ - . ; unique; names the output folder
///     weight: 0.3                   # optional probability; all scenarios or none
///     description: text             # optional
///     parameters: { hurdle: 0.14, tax: 0.25, capital_rate: 0.03, confidence: 0.999 }
///     migration: { z_shift: [-1.5, -0.5] }      # or { matrix: stressed.csv }; for the provisions measure
///     shocks:
///       - where: { segment: cre, asset_class: [sme, corporate] }
///         pd: { multiply: 1.5 }     # or add, set, z (with optional correlation)
///       - lgd: { add: 0.10 }        # multiply, add, set; bounded to [0, 1]
///       - ead: { multiply: 1.1 }    # or { ccf: 0.9 }: EAD = drawn + 0.9 x undrawn (needs drawn and undrawn columns)
///       - rate: { shift_bp: 200 }   # also ftp_rate
///       - fees: { multiply: 0.9 }   # also opex
/// </code>
/// Unknown keys, wrong types, out-of-range values, filter columns the book does not have, a ccf shock on a book without drawn
/// and undrawn columns, repeated names, and weights that do not sum to 1 are errors; all are reported in one pass, each with its line.
/// </remarks>
public static class ScenarioFile
{
    private static readonly string[] s_standardText =
        [LoanColumns.LoanId, LoanColumns.Segment, LoanColumns.AssetClass, LoanColumns.CustomerId, LoanColumns.Product, LoanColumns.Classification];

    /// <summary>Reads a scenario file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="knownColumns">The columns filters may name (e.g. the loan-book header); null accepts any column.</param>
    /// <returns>The scenarios.</returns>
    /// <exception cref="DataValidationException">The file is not valid UTF-8 or YAML, or breaks the schema; every problem is listed with its line.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ScenarioSet Read(string path, IEnumerable<string>? knownColumns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        long length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            throw TooLarge(Path.GetFileName(path), length, "bytes");
        }

        Csv.Utf8Check.ThrowIfInvalid(path); // never decoded with replacement characters (docs/conventions.md, "Text in and out")
        return Parse(File.ReadAllText(path, CsvText.Utf8), Path.GetFileName(path), knownColumns);
    }

    /// <summary>Reads a scenario file for a book in memory: filters may name the book's text columns (standard ones and attributes).</summary>
    /// <param name="path">The file.</param>
    /// <param name="book">The book the scenarios will be applied to.</param>
    /// <returns>The scenarios.</returns>
    /// <exception cref="DataValidationException">The file is not valid YAML or breaks the schema; every problem is listed with its line.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ScenarioSet ReadForBook(string path, LoanBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return Read(path, s_standardText.Concat(book.AttributeNames));
    }

    /// <summary>Parses scenario text.</summary>
    /// <param name="text">The YAML or JSON text.</param>
    /// <param name="sourceName">The name used in messages.</param>
    /// <param name="knownColumns">The columns filters may name; null accepts any column.</param>
    /// <returns>The scenarios.</returns>
    /// <exception cref="DataValidationException">The text is not valid YAML or breaks the schema; every problem is listed with its line.</exception>
    public static ScenarioSet Parse(string text, string sourceName, IEnumerable<string>? knownColumns = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (text.Length > MaxFileBytes)
        {
            throw TooLarge(sourceName, text.Length, "characters");
        }

        var stream = new YamlStream();
        var limited = new DepthLimitedParser(new YamlDotNet.Core.Parser(new StringReader(text)));
        try
        {
            stream.Load(limited);
        }
        catch (YamlException) when (limited.TooDeepAtLine is long line)
        {
            throw new DataValidationException(sourceName, [new DataIssue(Math.Max(1, line), "", "", FormattableString.Invariant(
                $"nests lists and mappings more than {MaxDepth} deep (the limit of a scenarios file, docs/scenarios.md; the schema needs at most 7); the file was not read further"))], 1);
        }
        catch (YamlException e)
        {
            throw new DataValidationException(sourceName, [new DataIssue(Math.Max(1, e.Start.Line), "", "", "is not valid YAML: " + e.Message)], 1);
        }

        if (stream.Documents.Count != 1)
        {
            throw new DataValidationException(sourceName, [new DataIssue(0, "", "", $"must hold one YAML document (found {stream.Documents.Count})")], 1);
        }

        var parser = new Parser(knownColumns is null ? null : new HashSet<string>(knownColumns, StringComparer.Ordinal));
        var set = parser.Document(stream.Documents[0].RootNode);
        if (parser.Issues.Count > 0 || set is null)
        {
            var issues = parser.Issues.OrderBy(i => i.Line).ToList();
            throw new DataValidationException(sourceName, issues, issues.Count);
        }

        return set;
    }

    /// <summary>The largest scenarios file read, in bytes (1 MiB; a file of hundreds of scenarios takes a few kilobytes): a larger file is rejected before it is parsed.</summary>
    internal const int MaxFileBytes = 1 << 20;

    /// <summary>
    /// The deepest nesting of lists and mappings accepted (32; the schema itself needs 7, root mapping to a filter's list):
    /// deeper input is rejected at the first event beyond it, before the YAML parser's cost (which grows with the depth) or
    /// the document model's recursion (which overflows the stack near 70,000 levels) is reached.
    /// </summary>
    internal const int MaxDepth = 32;

    private static DataValidationException TooLarge(string source, long size, string unit) =>
        new(source, [new DataIssue(0, "", "", FormattableString.Invariant(
            $"is {size} {unit}, more than the {MaxFileBytes} allowed for a scenarios file (docs/scenarios.md); the file was not read"))], 1);

    /// <summary>Passes the parser's events through and stops (a <see cref="YamlException"/>) at the first list or mapping that nests deeper than <see cref="MaxDepth"/>.</summary>
    private sealed class DepthLimitedParser(IParser inner) : IParser
    {
        private int _depth;

        /// <summary>The line of the list or mapping beyond the limit; null while within it.</summary>
        public long? TooDeepAtLine { get; private set; }

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            bool more;
            try
            {
                more = inner.MoveNext();
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's parser can fail this way on some malformed input (an unclosed flow list such as
                // `[-1.5,0x10` followed by more lines): report it as invalid YAML at the last event read.
                var at = inner.Current?.End ?? Mark.Empty;
                throw new YamlException(at, at, "the YAML parser could not continue after this point (an unclosed bracket, brace or quote?)");
            }

            if (!more)
            {
                return false;
            }

            switch (inner.Current)
            {
                case MappingStart or SequenceStart:
                    if (++_depth > MaxDepth)
                    {
                        var at = inner.Current.Start;
                        TooDeepAtLine = at.Line;
                        throw new YamlException(at, inner.Current.End, "nested too deep");
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }

            return true;
        }
    }

    /// <summary>The columns the filters of a set name.</summary>
    internal static IReadOnlyList<string> FilterColumns(ScenarioSet set) =>
        set.Scenarios.SelectMany(s => s.Shocks).SelectMany(s => s.Where.Conditions).Select(c => c.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private sealed record Entry(string Name, double? Weight, YamlNode Node, Scenario? Scenario);

    private sealed class Parser(HashSet<string>? known)
    {
        public List<DataIssue> Issues { get; } = [];

        public ScenarioSet? Document(YamlNode root)
        {
            if (root is not YamlMappingNode map)
            {
                Fail(root, "", "", "the file must hold a mapping with a 'scenarios' list");
                return null;
            }

            double? baselineWeight = null;
            YamlNode? scenariosKey = null;
            var scenarios = new List<Entry>();
            foreach (var (keyNode, value) in map.Children)
            {
                string key = Key(keyNode);
                switch (key)
                {
                    case "baseline_weight":
                        baselineWeight = Number(value, key, 0, 1, "[0, 1]");
                        break;
                    case "scenarios":
                        scenariosKey = keyNode;
                        if (value is not YamlSequenceNode list || list.Children.Count == 0)
                        {
                            Fail(value, "", "", Quote(key) + "must be a non-empty list of scenarios");
                            break;
                        }

                        foreach (var item in list.Children)
                        {
                            if (ScenarioNode(item) is { } s)
                            {
                                scenarios.Add(s);
                            }
                        }

                        break;
                    default:
                        Unknown(keyNode, key, "baseline_weight, scenarios");
                        break;
                }
            }

            if (scenariosKey is null)
            {
                Fail(root, "", "", Quote("scenarios") + "is missing (the file needs a 'scenarios' list)");
                return null;
            }

            var names = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase); // output folders: some file systems ignore case
            foreach (var s in scenarios)
            {
                if (string.Equals(s.Name, Scenario.Baseline.Name, StringComparison.OrdinalIgnoreCase))
                {
                    Fail(s.Node, "name", s.Name, "is reserved for the baseline (which every run values)");
                }
                else if (!names.TryAdd(s.Name, s.Node.Start.Line))
                {
                    Fail(s.Node, "name", s.Name, $"is used twice (first on line {names[s.Name]})");
                }
            }

            int weighted = scenarios.Count(s => s.Weight is not null);
            if (weighted > 0 && weighted < scenarios.Count)
            {
                foreach (var s in scenarios.Where(s => s.Weight is null))
                {
                    Fail(s.Node, "", "", Quote("weight") + $"is missing for scenario '{s.Name}': either every scenario has a weight or none has");
                }
            }
            else if (weighted == 0 && baselineWeight is not null)
            {
                Fail(map, "", "", Quote("baseline_weight") + "needs weights on the scenarios");
            }
            else if (weighted > 0)
            {
                double sum = scenarios.Sum(s => s.Weight!.Value);
                if (baselineWeight is double b && Math.Abs(sum + b - 1) > ScenarioSet.WeightTolerance)
                {
                    Fail(scenariosKey, "weight", Text(sum + b), "is the sum of the weights with baseline_weight; it must be 1");
                }
                else if (baselineWeight is null && sum > 1 + ScenarioSet.WeightTolerance)
                {
                    Fail(scenariosKey, "weight", Text(sum), "is the sum of the scenario weights; it must be at most 1 (the baseline weighs 1 - sum)");
                }
            }

            return Issues.Count > 0 ? null : new ScenarioSet(scenarios.Select(s => s.Scenario!), baselineWeight);
        }

        private Entry? ScenarioNode(YamlNode node)
        {
            if (node is not YamlMappingNode map)
            {
                Fail(node, "", "", "each scenario must be a mapping (name, weight, shocks, ...)");
                return null;
            }

            string? name = null;
            double? weight = null;
            var shocks = new List<Shock>();
            var parameters = ScenarioParameters.None;
            MigrationShock? migration = null;
            int before = Issues.Count;
            foreach (var (keyNode, value) in map.Children)
            {
                string key = Key(keyNode);
                switch (key)
                {
                    case "name":
                        name = Scalar(value, key);
                        if (name is not null && !Scenario.IsValidName(name))
                        {
                            Fail(value, key, name, "is not a valid scenario name (letters, digits, '_', '-', '.', starting with a letter or digit; at most 100 characters; not ending in .csv or .json)");
                        }

                        break;
                    case "weight":
                        weight = Number(value, key, 0, 1, "[0, 1]");
                        break;
                    case "description":
                        Scalar(value, key);
                        break;
                    case "parameters":
                        parameters = Parameters(value);
                        break;
                    case "migration":
                        migration = Migration(value);
                        break;
                    case "shocks":
                        if (value is YamlSequenceNode list)
                        {
                            foreach (var item in list.Children)
                            {
                                shocks.AddRange(ShockEntry(item));
                            }
                        }
                        else if (!IsNull(value))
                        {
                            Fail(value, "", "", Quote(key) + "must be a list of shocks");
                        }

                        break;
                    default:
                        Unknown(keyNode, key, "name, weight, description, parameters, migration, shocks");
                        break;
                }
            }

            if (name is null)
            {
                Fail(map, "", "", Quote("name") + "is missing (every scenario needs a name)");
            }

            if (name is null || !Scenario.IsValidName(name))
            {
                return null;
            }

            // The name and weight take part in the checks across scenarios even when the scenario itself has problems.
            return new Entry(name, weight, map, Issues.Count > before ? null : new Scenario(name, weight, shocks, parameters, migration));
        }

        private List<Shock> ShockEntry(YamlNode node)
        {
            var shocks = new List<Shock>();
            if (node is not YamlMappingNode map)
            {
                Fail(node, "", "", "each shock must be a mapping (where, and pd, lgd, ead, rate, ftp_rate, fees or opex)");
                return shocks;
            }

            var filter = LoanFilter.All;
            var actions = new List<(ShockTarget Target, YamlNode Node)>();
            foreach (var (keyNode, value) in map.Children)
            {
                string key = Key(keyNode);
                switch (key)
                {
                    case "where":
                        filter = Filter(value);
                        break;
                    case "pd": actions.Add((ShockTarget.Pd, value)); break;
                    case "lgd": actions.Add((ShockTarget.Lgd, value)); break;
                    case "ead": actions.Add((ShockTarget.Ead, value)); break;
                    case "rate": actions.Add((ShockTarget.Rate, value)); break;
                    case "ftp_rate": actions.Add((ShockTarget.FtpRate, value)); break;
                    case "fees": actions.Add((ShockTarget.Fees, value)); break;
                    case "opex": actions.Add((ShockTarget.Opex, value)); break;
                    default:
                        Unknown(keyNode, key, "where, pd, lgd, ead, rate, ftp_rate, fees, opex");
                        break;
                }
            }

            if (actions.Count == 0)
            {
                Fail(map, "", "", "a shock needs an action (pd, lgd, ead, rate, ftp_rate, fees or opex)");
            }

            foreach (var (target, value) in actions)
            {
                if (Action(target, value) is Shock shock)
                {
                    shocks.Add(shock with { Where = filter });
                }
            }

            return shocks;
        }

        private Shock? Action(ShockTarget target, YamlNode node)
        {
            string field = Shock.TargetName(target);
            string allowed = target switch
            {
                ShockTarget.Pd => "multiply, add, set, z (with optional correlation)",
                ShockTarget.Lgd => "multiply, add, set",
                ShockTarget.Rate or ShockTarget.FtpRate => "shift_bp",
                ShockTarget.Ead => "multiply, ccf",
                _ => "multiply",
            };
            if (node is not YamlMappingNode map || map.Children.Count == 0)
            {
                Fail(node, "", "", Quote(field) + $"must be a mapping with one operation ({allowed})");
                return null;
            }

            ShockOperation? operation = null;
            double value = 0;
            double? correlation = null;
            YamlNode? valueNode = null;
            foreach (var (keyNode, v) in map.Children)
            {
                string key = Key(keyNode);
                ShockOperation? op = (target, key) switch
                {
                    (ShockTarget.Pd or ShockTarget.Lgd or ShockTarget.Ead or ShockTarget.Fees or ShockTarget.Opex, "multiply") => ShockOperation.Multiply,
                    (ShockTarget.Pd or ShockTarget.Lgd, "add") => ShockOperation.Add,
                    (ShockTarget.Pd or ShockTarget.Lgd, "set") => ShockOperation.Set,
                    (ShockTarget.Pd, "z") => ShockOperation.ConditionOnZ,
                    (ShockTarget.Ead, "ccf") => ShockOperation.CreditConversion,
                    (ShockTarget.Rate or ShockTarget.FtpRate, "shift_bp") => ShockOperation.Add,
                    _ => null,
                };
                if (target == ShockTarget.Pd && key == "correlation")
                {
                    correlation = Number(v, field + "." + key, double.Epsilon, 1 - double.Epsilon, "(0, 1)");
                    continue;
                }

                if (op is null)
                {
                    Unknown(keyNode, field + "." + key, allowed);
                    continue;
                }

                if (operation is not null)
                {
                    Fail(keyNode, "", "", Quote(field + "." + key) + "is a second operation: give one per action (write another shock for more)");
                    continue;
                }

                operation = op;
                valueNode = v;
                value = Number(v, field + "." + key, double.MinValue, double.MaxValue, "") ?? double.NaN;
                if (key == "shift_bp")
                {
                    value /= 10_000.0;
                }
            }

            if (operation is null || valueNode is null || double.IsNaN(value))
            {
                if (operation is null)
                {
                    Fail(node, "", "", Quote(field) + $"needs an operation ({allowed})");
                }

                return null;
            }

            if (correlation is not null && operation != ShockOperation.ConditionOnZ)
            {
                Fail(node, "", "", Quote(field + ".correlation") + "applies only with z");
                return null;
            }

            if (operation == ShockOperation.CreditConversion && known is not null
                && (!known.Contains(LoanColumns.Drawn) || !known.Contains(LoanColumns.Undrawn)))
            {
                string missing = string.Join(" and ", new[] { LoanColumns.Drawn, LoanColumns.Undrawn }.Where(c => !known.Contains(c)));
                Fail(valueNode, "ead.ccf", ((YamlScalarNode)valueNode).Value ?? "", $"needs the book's drawn and undrawn columns (EAD = drawn + ccf x undrawn); the book has no {missing} column");
                return null;
            }

            try
            {
                return new Shock(target, operation.Value, value, correlation);
            }
            catch (ArgumentException e)
            {
                Fail(valueNode, field + "." + Shock.OperationName(operation.Value), ((YamlScalarNode)valueNode).Value ?? "", Rule(e.Message));
                return null;
            }
        }

        private LoanFilter Filter(YamlNode node)
        {
            var filter = LoanFilter.All;
            if (node is not YamlMappingNode map || map.Children.Count == 0)
            {
                Fail(node, "", "", Quote("where") + "must be a mapping of columns to a value or a list of values, e.g. { segment: cre }");
                return filter;
            }

            foreach (var (keyNode, value) in map.Children)
            {
                string column = Key(keyNode);
                if (known is not null && !known.Contains(column))
                {
                    Fail(keyNode, "where", column, $"is not a column of the loan book (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
                    continue;
                }

                var values = new List<string>();
                if (value is YamlScalarNode)
                {
                    if (Scalar(value, column) is string v)
                    {
                        values.Add(v);
                    }
                }
                else if (value is YamlSequenceNode list && list.Children.Count > 0)
                {
                    foreach (var item in list.Children)
                    {
                        if (Scalar(item, column) is string v)
                        {
                            values.Add(v);
                        }
                    }
                }
                else
                {
                    Fail(value, "", "", Quote(column) + "must be a value or a non-empty list of values");
                    continue;
                }

                if (column == LoanColumns.AssetClass)
                {
                    foreach (var v in values.Where(v => !LoanColumns.TryParseAssetClass(v, out _)))
                    {
                        Fail(value, column, v, $"is not an asset class ({string.Join(", ", LoanColumns.AssetClassLabels)})");
                    }
                }

                try
                {
                    filter = filter.And(column, values);
                }
                catch (ArgumentException)
                {
                    // Reported above (empty list or invalid asset class).
                }
            }

            return filter;
        }

        private ScenarioParameters Parameters(YamlNode node)
        {
            var p = ScenarioParameters.None;
            if (node is not YamlMappingNode map)
            {
                Fail(node, "", "", Quote("parameters") + "must be a mapping (hurdle, tax, capital_rate, confidence)");
                return p;
            }

            foreach (var (keyNode, value) in map.Children)
            {
                string key = Key(keyNode);
                switch (key)
                {
                    case "hurdle": p = p with { Hurdle = Number(value, key, -1, 10, "[-1, 10]") }; break;
                    case "tax": p = p with { TaxRate = Number(value, key, 0, Math.BitDecrement(1.0), "[0, 1)") }; break;
                    case "capital_rate": p = p with { CapitalRate = Number(value, key, -1, 1, "[-1, 1]") }; break;
                    case "confidence": p = p with { Confidence = Number(value, key, Math.BitIncrement(0.5), Math.BitDecrement(1.0), "(0.5, 1)") }; break;
                    default: Unknown(keyNode, "parameters." + key, "hurdle, tax, capital_rate, confidence"); break;
                }
            }

            return p;
        }

        private MigrationShock? Migration(YamlNode node)
        {
            if (node is not YamlMappingNode map || map.Children.Count != 1)
            {
                Fail(node, "", "", Quote("migration") + "must be a mapping with one of z_shift (a number or a list per year) or matrix (a file)");
                return null;
            }

            var (keyNode, value) = map.Children.First();
            string key = Key(keyNode);
            switch (key)
            {
                case "z_shift":
                    var items = value is YamlSequenceNode list ? list.Children.ToList() : [value];
                    var z = items.Select(i => Number(i, "migration.z_shift", double.MinValue, double.MaxValue, "")).ToList();
                    return z.Count > 0 && z.All(v => v is not null) ? MigrationShock.ZShift(z.Select(v => v!.Value)) : null;
                case "matrix":
                    return Scalar(value, "migration.matrix") is { Length: > 0 } m ? MigrationShock.Replace(m) : null;
                default:
                    Unknown(keyNode, "migration." + key, "z_shift, matrix");
                    return null;
            }
        }

        private double? Number(YamlNode node, string key, double min, double max, string range)
        {
            var text = Scalar(node, key);
            if (text is null)
            {
                return null;
            }

            if (!CsvText.TryParseNumber(text, out double v))
            {
                Fail(node, key, text, "is not a number (use '.' as decimal separator)");
                return null;
            }

            if (v < min || v > max)
            {
                Fail(node, key, text, $"is outside {range}");
                return null;
            }

            return v;
        }

        private string? Scalar(YamlNode node, string key)
        {
            if (node is YamlScalarNode { Value: { } v } && !IsNull(node))
            {
                return v;
            }

            Fail(node, "", "", Quote(key) + "must be a single value");
            return null;
        }

        private static bool IsNull(YamlNode node) => node is YamlScalarNode s && s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null";

        private string Key(YamlNode node)
        {
            if (node is YamlScalarNode { Value: { } v })
            {
                return v;
            }

            Fail(node, "", "", "a key must be a plain name");
            return "";
        }

        private void Unknown(YamlNode node, string key, string allowed) => Fail(node, "", "", $"'{key}' is not a known key here (known: {allowed})");

        private void Fail(YamlNode node, string column, string value, string rule) => Issues.Add(new DataIssue(Math.Max(1, node.Start.Line), column, value, rule));

        private static string Quote(string key) => key.Length == 0 ? "" : "'" + key + "' ";

        private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>"value = 1.5 is outside (0, 1] (a PD). (Parameter 'value')" becomes "is outside (0, 1] (a PD)".</summary>
        private static string Rule(string message)
        {
            int cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            string first = (cut >= 0 ? message[..cut] : message).Split('\n')[0].TrimEnd('.');
            int verb = first.IndexOf(" is ", StringComparison.Ordinal);
            return verb >= 0 && first.IndexOf(" = ", StringComparison.Ordinal) is int eq && eq >= 0 && eq < verb ? first[(verb + 1)..] : "is not allowed: " + first;
        }
    }
}
