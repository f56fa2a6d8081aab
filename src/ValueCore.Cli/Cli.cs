using System.Globalization;
using ValueCore.Portfolio;

namespace ValueCore.Cli;

/// <summary>Process exit codes of every command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 2;
    public const int InvalidInput = 3;
}

/// <summary>A command-line usage error (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Input that breaks a rule, found by a command itself (exit code 3).</summary>
internal sealed class InvalidInputException(string message) : Exception(message);

/// <summary>Messages of library exceptions as a user reads them: no .NET decoration.</summary>
internal static class PlainText
{
    /// <summary>
    /// The first line of an exception's message without the " (Parameter 'name')" that <see cref="ArgumentException"/> appends
    /// or the "Actual value was ..." line of <see cref="ArgumentOutOfRangeException"/>; a message names the value itself.
    /// </summary>
    public static string Message(Exception e)
    {
        string first = e.Message.Split('\n')[0].TrimEnd('\r');
        if (e is ArgumentException { ParamName: string name })
        {
            string suffix = $" (Parameter '{name}')";
            if (first.EndsWith(suffix, StringComparison.Ordinal))
            {
                first = first[..^suffix.Length];
            }
        }

        return first;
    }
}

/// <summary>One option of a command: <c>--name VALUE</c>, or a flag <c>--name</c>.</summary>
internal sealed record OptionSpec(string Name, string? ValueName, string Help, bool Required = false, bool Repeatable = false)
{
    public bool IsFlag => ValueName is null;
}

/// <summary>A command: its words (e.g. "migration estimate"), summary, options and action.</summary>
internal sealed record CommandSpec(string Name, string Summary, IReadOnlyList<OptionSpec> Options, Func<CliArgs, CliContext, int> Run, string? Details = null);

/// <summary>Where a command writes its summary and errors.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>Whether <see cref="Error"/> is a terminal (progress is shown only then); false for any other writer.</summary>
    public bool ErrorIsTerminal { get; init; }
}

/// <summary>Parsed options of one command; typed getters throw <see cref="UsageException"/> with the option's name.</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string?> _values;
    private readonly Dictionary<string, List<string>> _repeated;

    private CliArgs(Dictionary<string, string?> values, Dictionary<string, List<string>> repeated)
    {
        _values = values;
        _repeated = repeated;
    }

    public static CliArgs Parse(IReadOnlyList<string> args, CommandSpec command)
    {
        var specs = command.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{a}' (options start with --; see 'valuecore {command.Name} --help')");
            }

            string name = a[2..];
            string? inline = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }

            if (!specs.TryGetValue(name, out var spec))
            {
                throw new UsageException($"unknown option '--{name}' for '{command.Name}' (see 'valuecore {command.Name} --help')");
            }

            if (values.ContainsKey(name) && !spec.Repeatable)
            {
                throw new UsageException($"option '--{name}' is given twice");
            }

            if (spec.IsFlag)
            {
                if (inline is not null)
                {
                    throw new UsageException($"option '--{name}' takes no value");
                }

                values[name] = null;
            }
            else
            {
                string? v = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (v is null)
                {
                    throw new UsageException($"option '--{name}' needs a value ({spec.ValueName})");
                }

                if (v.Length == 0 && (spec.ValueName!.Contains("FILE", StringComparison.Ordinal) || spec.ValueName.Contains("DIR", StringComparison.Ordinal)))
                {
                    throw new UsageException($"option '--{name}' needs a {spec.ValueName}, not an empty path");
                }

                values[name] = v;
                if (spec.Repeatable)
                {
                    if (!repeated.TryGetValue(name, out var list))
                    {
                        repeated[name] = list = [];
                    }

                    list.Add(v);
                }
            }
        }

        foreach (var spec in command.Options.Where(o => o.Required && !values.ContainsKey(o.Name)))
        {
            throw new UsageException($"'{command.Name}' needs --{spec.Name} {spec.ValueName}");
        }

        return new CliArgs(values, repeated);
    }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> GetAll(string name) => _repeated.TryGetValue(name, out var list) ? list : [];

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new UsageException($"missing --{name}");

    public double GetDouble(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = Get(name);
        return text is null ? fallback : ParseDouble(name, text, min, max);
    }

    public double? GetDoubleOrNull(string name, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = Get(name);
        return text is null ? null : ParseDouble(name, text, min, max);
    }

    public int GetInt(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new UsageException($"--{name} = {text} must be an integer in [{min}, {max}]");
        }

        return v;
    }

    public long GetLong(string name, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) || v < min || v > max)
        {
            throw new UsageException($"--{name} = {text} must be an integer in [{min}, {max}]");
        }

        return v;
    }

    /// <summary>A comma-separated list; empty items are an error.</summary>
    /// <summary>The groupings of a repeatable <c>--by</c>: one per occurrence, each a comma-separated list of columns
    /// (no empty item); two that would write the same <c>by_</c> file are refused; none given: one grouping by segment.</summary>
    public IReadOnlyList<IReadOnlyList<string>> GetGroupings()
    {
        var groupings = GetAll("by").Select(text =>
        {
            var items = text.Split(',', StringSplitOptions.TrimEntries);
            return items.Any(i => i.Length == 0) ? throw new UsageException($"--by = {text} has an empty item") : (IReadOnlyList<string>)items;
        }).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in groupings)
        {
            string file = "by_" + string.Join('_', g) + ".csv";
            if (!seen.Add(file))
            {
                throw new UsageException($"--by {string.Join(',', g)} is given twice (each grouping writes {file})");
            }
        }

        return groupings.Count > 0 ? groupings : [[LoanColumns.Segment]];
    }

    public IReadOnlyList<string> GetList(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return [];
        }

        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(s => s.Length == 0))
        {
            throw new UsageException($"--{name} = {text} has an empty item");
        }

        return items;
    }

    /// <summary>An existing input file.</summary>
    public string RequireFile(string name)
    {
        string path = Require(name);
        if (!File.Exists(path))
        {
            throw new UsageException($"--{name}: file not found: {path}");
        }

        return path;
    }

    private static double ParseDouble(string name, string text, double min, double max)
    {
        if (!IO.CsvText.TryParseNumber(text, out double v) || v < min || v > max)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--{name} = {text} must be a number in [{min}, {max}]"));
        }

        return v;
    }
}
