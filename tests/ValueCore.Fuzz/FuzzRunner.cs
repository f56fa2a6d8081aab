using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ValueCore.Cli;

namespace ValueCore.Fuzz;

/// <summary>One generated case: the command, its input files (some mutated), the files planted in the output folder
/// as an earlier run's leftovers, and the numeric columns of each output file (from the clean run).</summary>
public sealed record FuzzCase(
    string Command,
    string[] Args,
    Dictionary<string, byte[]> Inputs,
    Dictionary<string, byte[]> Planted,
    HashSet<string> NumericColumns,
    List<string> Mutations);

/// <summary>What a clean run of a template wrote: its files (to plant as an earlier run's) and numeric columns.</summary>
public sealed record Baseline(Dictionary<string, byte[]> Outputs, HashSet<string> NumericColumns);

/// <summary>Generates, runs and checks cases, and reads and writes the case folders kept under tests/fuzz-regressions/.</summary>
public static class FuzzRunner
{
    /// <summary>First line of every file planted in the output folder: a file that still starts with it after a run is
    /// a leftover of an earlier run.</summary>
    public const string StaleMarker = "STALE-OUTPUT-OF-AN-EARLIER-RUN\n";

    [ThreadStatic]
    private static string? t_lastError;

    /// <summary>What the last case run on this thread wrote to stderr.</summary>
    public static string LastError
    {
        get => t_lastError ?? "";
        private set => t_lastError = value;
    }

    private static readonly string[] s_nonFinite = ["nan", "-nan", "+nan", "infinity", "-infinity", "+infinity", "inf", "-inf", "+inf", "∞", "-∞", "+∞"];

    /// <summary>Runs the CLI in-process; an exception that escapes <c>CommandLine.Run</c> propagates.</summary>
    public static (int Code, string Out, string Error) RunCli(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs each template once on the seed files: it must succeed (else the harness itself is broken).</summary>
    public static Dictionary<string, Baseline> Baselines(FuzzCorpus corpus, string scratch)
    {
        var all = new Dictionary<string, Baseline>(StringComparer.Ordinal);
        foreach (var t in FuzzCorpus.Templates)
        {
            var c = new FuzzCase(t.Name, t.Args, t.Files.ToDictionary(f => f, f => corpus.Files[f], StringComparer.Ordinal), [], [], []);
            var (code, _, error, outDir) = Execute(c, scratch);
            if (code != 0)
            {
                throw new InvalidOperationException($"the clean run of {t.Name} fails (exit {code}): {error}");
            }

            var outputs = Files(outDir).ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(outDir, p)), StringComparer.Ordinal);
            var numeric = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, bytes) in outputs.Where(o => o.Key.EndsWith(".csv", StringComparison.Ordinal)))
            {
                var rows = ParseCsv(Encoding.UTF8.GetString(bytes));
                if (rows.Count < 2)
                {
                    continue;
                }

                for (int col = 0; col < rows[0].Count; col++)
                {
                    var cells = rows.Skip(1).Where(r => col < r.Count && r[col].Length > 0).Select(r => r[col]).ToList();
                    if (cells.Count > 0 && cells.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)))
                    {
                        numeric.Add(Path.GetFileName(path) + "\t" + rows[0][col]);
                    }
                }
            }

            all[t.Name] = new Baseline(outputs, numeric);
        }

        return all;
    }

    /// <summary>The case of a seed and index: a template, one to three mutations of one or two of its files, and, every
    /// other case, the clean run's outputs (and a killed run's temporary) planted in the output folder.</summary>
    public static FuzzCase Generate(FuzzCorpus corpus, IReadOnlyDictionary<string, Baseline> baselines, int seed, long index)
    {
        var rng = new Random(unchecked((int)(seed * 1_000_003L + index * 7919L)));
        var t = FuzzCorpus.Templates[rng.Next(FuzzCorpus.Templates.Count)];
        var inputs = t.Files.ToDictionary(f => f, f => corpus.Files[f], StringComparer.Ordinal);
        var log = new List<string>();
        int files = t.Files.Length > 1 && rng.Next(4) == 0 ? 2 : 1;
        for (int i = 0; i < files; i++)
        {
            string name = t.Files[rng.Next(t.Files.Length)];
            int n = 1 + rng.Next(3);
            for (int k = 0; k < n; k++)
            {
                var (content, what) = Mutator.Mutate(inputs[name], rng);
                inputs[name] = content;
                log.Add($"{name}: {what}");
            }
        }

        var planted = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var baseline = baselines[t.Name];
        if (rng.Next(2) == 0)
        {
            byte[] marker = Encoding.UTF8.GetBytes(StaleMarker);
            foreach (var (path, bytes) in baseline.Outputs)
            {
                planted[path] = [.. marker, .. bytes];
            }

            planted["loans.csv.tmp-424242"] = marker;
            log.Add("output folder holds an earlier run's files");
        }

        return new FuzzCase(t.Name, t.Args, inputs, planted, baseline.NumericColumns, log);
    }

    /// <summary>Runs a case in <paramref name="work"/> (inputs under in/, output folder out/) and returns every broken
    /// promise, as short signatures (empty: the case passed). An escaping exception is a failure, not a throw.</summary>
    public static List<string> Check(FuzzCase c, string work)
    {
        int code;
        string outDir;
        Dictionary<string, string> before;
        try
        {
            (code, _, _, outDir, before) = ExecuteWithSnapshot(c, work);
        }
        catch (Exception e)
        {
            var frame = new System.Diagnostics.StackTrace(e).GetFrames()
                .Select(f => f.GetMethod())
                .FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("ValueCore", StringComparison.Ordinal) == true);
            string message = e.Message.Length > 200 ? e.Message[..200] + "..." : e.Message;
            return [$"exception {e.GetType().Name} in {frame?.DeclaringType?.Name}.{frame?.Name} [{message.ReplaceLineEndings(" ")}]"];
        }

        bool existed = before.Count > 0 || c.Planted.Count > 0;
        var failures = CheckFolder(code, outDir, existed ? before : null);
        if (Directory.Exists(outDir))
        {
            var fromInputs = new HashSet<string>(
                c.Inputs.Values.SelectMany(b => Encoding.UTF8.GetString(b).Split([',', ';', '\n', '\r', '\t', ':', '"', '{', '}', '[', ']', ' '])).Where(IsNonFinite).Select(t => t.Trim()),
                StringComparer.Ordinal);
            failures.AddRange(CheckFinite(outDir, c.NumericColumns, fromInputs));
        }

        return failures.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The output-folder rule (docs/conventions.md): after exit 2 the folder is as it was (<paramref name="before"/>,
    /// null when it did not exist); after exit 3 it holds at most rejected.csv; after exit 0 it holds manifest.json and
    /// exactly the files its <c>files</c> list names, none of them an earlier run's (a file starting with
    /// <see cref="StaleMarker"/>); any other exit code is a failure.</summary>
    public static List<string> CheckFolder(int code, string outDir, IReadOnlyDictionary<string, string>? before)
    {
        var failures = new List<string>();
        var after = Directory.Exists(outDir) ? Snapshot(outDir) : null;
        switch (code)
        {
            case 2:
                if ((after is null) != (before is null) || (after is not null && !SameSnapshot(before!, after)))
                {
                    failures.Add("exit 2 changed the output folder");
                }

                break;
            case 3:
                var left = (after?.Keys ?? Enumerable.Empty<string>()).Where(p => p != "rejected.csv").ToList();
                var stale = left.Where(p => !p.EndsWith('/') && IsStale(Path.Combine(outDir, p))).ToList();
                var partial = left.Where(p => !p.EndsWith('/') && !stale.Contains(p)).ToList();
                if (stale.Count > 0)
                {
                    failures.Add($"exit 3 left an earlier run's files beside rejected.csv [{List(stale)}]");
                }

                if (partial.Count > 0)
                {
                    failures.Add($"exit 3 left files of its own beside rejected.csv [{List(partial)}]");
                }

                break;
            case 0:
                failures.AddRange(CheckSuccessFolder(outDir));
                break;
            default:
                failures.Add($"exit {code}");
                break;
        }

        return failures;
    }

    private static (int Code, string Out, string Error, string OutDir) Execute(FuzzCase c, string work)
    {
        var (code, o, e, outDir, _) = ExecuteWithSnapshot(c, work);
        return (code, o, e, outDir);
    }

    private static (int Code, string Out, string Error, string OutDir, Dictionary<string, string> Before) ExecuteWithSnapshot(FuzzCase c, string work)
    {
        string inDir = Path.Combine(work, "in");
        string outDir = Path.Combine(work, "out");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        foreach (var (name, bytes) in c.Inputs)
        {
            Write(Path.Combine(inDir, name), bytes);
        }

        foreach (var (name, bytes) in c.Planted)
        {
            Write(Path.Combine(outDir, name), bytes);
        }

        var before = Directory.Exists(outDir) ? Snapshot(outDir) : [];
        string[] args = [.. c.Args.Select(a => a.Replace("{in}", inDir, StringComparison.Ordinal).Replace("{out}", outDir, StringComparison.Ordinal))];
        LastError = "";
        var (code, output, error) = RunCli(args);
        LastError = error;
        return (code, output, error, outDir, before);
    }

    private static IEnumerable<string> CheckSuccessFolder(string outDir)
    {
        var present = Files(outDir).ToList();
        var stale = present.Where(p => IsStale(Path.Combine(outDir, p))).ToList();
        if (stale.Count > 0)
        {
            yield return $"success left an earlier run's files [{List(stale)}]";
        }

        string manifest = Path.Combine(outDir, "manifest.json");
        if (!File.Exists(manifest))
        {
            yield return "success without manifest.json";
            yield break;
        }

        List<string>? listed = null;
        string? problem = null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array)
            {
                listed = [.. files.EnumerateArray().Select(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("path", out var p) ? p.GetString() ?? "" : f.ToString())];
            }
            else
            {
                problem = "manifest.json has no files list";
            }
        }
        catch (JsonException)
        {
            problem = "manifest.json is not valid JSON";
        }

        if (problem is not null)
        {
            yield return problem;
            yield break;
        }

        var set = new HashSet<string>(listed!.Select(p => p.Replace('\\', '/')), StringComparer.Ordinal);
        var unlisted = present.Where(p => p != "manifest.json" && !set.Contains(p) && !stale.Contains(p)).ToList();
        if (unlisted.Count > 0)
        {
            yield return $"success left files that manifest.json does not list [{List(unlisted)}]";
        }

        var missing = set.Where(p => p != "manifest.json" && !present.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            yield return $"manifest.json lists missing files [{List(missing)}]";
        }
    }

    /// <summary>Every NaN or infinity in the output CSV and JSON files (rejected.csv, which echoes input, and an earlier
    /// run's files excepted). A non-finite token that is also a whole cell of an input (<paramref name="fromInputs"/>)
    /// may be text copied through, an id 'NaN': it counts only in a column that is numeric in the clean run
    /// (<paramref name="numericColumns"/>, "file TAB column").</summary>
    public static IEnumerable<string> CheckFinite(string outDir, IReadOnlySet<string> numericColumns, IReadOnlySet<string> fromInputs)
    {
        foreach (string path in Files(outDir))
        {
            string leaf = Path.GetFileName(path);
            string full = Path.Combine(outDir, path);
            if (leaf is "rejected.csv" or "rejects.csv" || IsStale(full))
            {
                continue;
            }

            if (leaf.EndsWith(".csv", StringComparison.Ordinal))
            {
                var rows = ParseCsv(File.ReadAllText(full));
                if (rows.Count == 0)
                {
                    continue;
                }

                var header = rows[0];
                foreach (var row in rows.Skip(1))
                {
                    for (int i = 0; i < row.Count; i++)
                    {
                        string column = i < header.Count ? header[i] : "#" + i.ToString(CultureInfo.InvariantCulture);
                        if (IsNonFinite(row[i]) && (numericColumns.Contains(leaf + "\t" + column) || !fromInputs.Contains(row[i].Trim())))
                        {
                            yield return $"non-finite number in {leaf} column {column} [{row[i].Trim()}, line {rows.IndexOf(row) + 1}]";
                        }
                    }
                }
            }
            else if (leaf.EndsWith(".json", StringComparison.Ordinal))
            {
                JsonDocument? doc = null;
                try
                {
                    doc = JsonDocument.Parse(File.ReadAllBytes(full));
                }
                catch (JsonException)
                {
                }

                if (doc is null)
                {
                    yield return $"{leaf} is not valid JSON";
                    continue;
                }

                using (doc)
                {
                    foreach (string hit in NonFiniteJson(doc.RootElement, "", fromInputs))
                    {
                        yield return $"non-finite number in {leaf} [{hit}]";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> NonFiniteJson(JsonElement e, string name, IReadOnlySet<string> fromInputs)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    foreach (string hit in NonFiniteJson(p.Value, p.Name, fromInputs))
                    {
                        yield return hit;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    foreach (string hit in NonFiniteJson(item, name, fromInputs))
                    {
                        yield return hit;
                    }
                }

                break;
            case JsonValueKind.String when IsNonFinite(e.GetString()!) && !fromInputs.Contains(e.GetString()!.Trim()):
                yield return $"{e.GetString()} at \"{name}\"";
                break;
        }
    }

    /// <summary>True for NaN, Infinity and their spellings (any case, any sign, the ∞ sign).</summary>
    public static bool IsNonFinite(string cell) => s_nonFinite.Contains(cell.Trim().ToLowerInvariant());

    /// <summary>RFC 4180 rows (quoted fields may hold separators, quotes and line breaks).</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    row.Add(cell.ToString());
                    cell.Clear();
                    any = true;
                    break;
                case '\n':
                    row.Add(cell.ToString().TrimEnd('\r'));
                    rows.Add(row);
                    row = [];
                    cell.Clear();
                    any = false;
                    break;
                default:
                    cell.Append(ch);
                    any = true;
                    break;
            }
        }

        if (any)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Shrinks a failing case cheaply: drops mutated input lines (never the header) while the first failure
    /// stays, within a budget of reruns.</summary>
    public static FuzzCase Minimise(FuzzCase c, string failure, string work, int budget = 40)
    {
        var current = c;
        foreach (string name in c.Inputs.Keys.ToList())
        {
            var lines = SplitKeep(current.Inputs[name]);
            int chunk = Math.Max(1, (lines.Count - 1) / 2);
            while (chunk >= 1 && budget > 0)
            {
                bool removed = false;
                for (int start = 1; start < lines.Count && budget > 0; start += chunk)
                {
                    var trial = lines.Take(start).Concat(lines.Skip(start + chunk)).ToList();
                    var inputs = new Dictionary<string, byte[]>(current.Inputs, StringComparer.Ordinal) { [name] = [.. trial.SelectMany(l => l)] };
                    var candidate = current with { Inputs = inputs };
                    budget--;
                    if (Check(candidate, work).Any(f => Cause(f) == Cause(failure)))
                    {
                        lines = trial;
                        current = candidate;
                        removed = true;
                        start -= chunk;
                    }
                }

                if (!removed)
                {
                    chunk /= 2;
                }
            }
        }

        return current;
    }

    private static List<byte[]> SplitKeep(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    /// <summary>Writes a case folder: args.txt (one argument a line), inputs/, planted/, numeric.txt, failure.txt.</summary>
    public static void WriteCase(FuzzCase c, string dir, IEnumerable<string> failures, string origin, string error = "")
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "args.txt"), c.Args);
        File.WriteAllLines(Path.Combine(dir, "numeric.txt"), c.NumericColumns.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in c.Inputs)
        {
            Write(Path.Combine(dir, "inputs", name), bytes);
        }

        foreach (var (name, bytes) in c.Planted)
        {
            Write(Path.Combine(dir, "planted", name), bytes);
        }

        var text = new StringBuilder();
        text.Append("command: ").AppendLine(c.Command);
        text.Append("origin: ").AppendLine(origin);
        text.AppendLine("failures:");
        foreach (string f in failures)
        {
            text.Append("  ").AppendLine(f);
        }

        if (error.Length > 0)
        {
            text.AppendLine("stderr (first lines):");
            foreach (string line in error.Split('\n').Take(12))
            {
                text.Append("  ").AppendLine(line.Length > 200 ? line[..200] + "..." : line);
            }
        }

        text.AppendLine("mutations:");
        foreach (string m in c.Mutations)
        {
            text.Append("  ").AppendLine(m);
        }

        text.AppendLine("reproduce: valuecore " + string.Join(' ', c.Args).Replace("{in}", "inputs", StringComparison.Ordinal).Replace("{out}", "OUT", StringComparison.Ordinal)
            + (c.Planted.Count > 0 ? "   (OUT a copy of planted/)" : ""));
        text.AppendLine("replay:    dotnet run --project tests/ValueCore.Fuzz -- --replay <this folder>");
        File.WriteAllText(Path.Combine(dir, "failure.txt"), text.ToString());
    }

    /// <summary>Reads a case folder written by <see cref="WriteCase"/>.</summary>
    public static FuzzCase ReadCase(string dir)
    {
        string[] args = File.ReadAllLines(Path.Combine(dir, "args.txt"));
        var numeric = File.Exists(Path.Combine(dir, "numeric.txt"))
            ? new HashSet<string>(File.ReadAllLines(Path.Combine(dir, "numeric.txt")), StringComparer.Ordinal)
            : [];
        string inputs = Path.Combine(dir, "inputs"), planted = Path.Combine(dir, "planted");
        string failure = Path.Combine(dir, "failure.txt");
        string? command = File.Exists(failure)
            ? File.ReadLines(failure).FirstOrDefault(l => l.StartsWith("command: ", StringComparison.Ordinal))?["command: ".Length..]
            : null;
        return new FuzzCase(
            command ?? string.Join(' ', args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))),
            args,
            Directory.Exists(inputs) ? Files(inputs).ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(inputs, p)), StringComparer.Ordinal) : [],
            Directory.Exists(planted) ? Files(planted).ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(planted, p)), StringComparer.Ordinal) : [],
            numeric,
            []);
    }

    /// <summary>Every case folder (a folder with args.txt) at or below <paramref name="dir"/>.</summary>
    public static IEnumerable<string> CaseFolders(string dir) =>
        File.Exists(Path.Combine(dir, "args.txt"))
            ? [dir]
            : Directory.Exists(dir)
                ? Directory.EnumerateFiles(dir, "args.txt", SearchOption.AllDirectories).Select(f => Path.GetDirectoryName(f)!).Order(StringComparer.Ordinal)
                : [];

    /// <summary>A file-name-safe short form of a failure, for folder names.</summary>
    public static string Slug(string command, string failure)
    {
        string s = new([.. (command + "-" + Cause(failure)).ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);
        while (s.Contains("--", StringComparison.Ordinal))
        {
            s = s.Replace("--", "-", StringComparison.Ordinal);
        }

        s = s.Trim('-');
        return s.Length <= 60 ? s : s[..52] + "-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..7].ToLowerInvariant();
    }

    /// <summary>The cause of a failure: its text before the bracketed detail.</summary>
    public static string Cause(string failure)
    {
        int at = failure.IndexOf(" [", StringComparison.Ordinal);
        return at < 0 ? failure : failure[..at];
    }

    private static string List(IEnumerable<string> paths)
    {
        var all = paths.Select(Leaf).Distinct(StringComparer.Ordinal).ToList();
        return string.Join(", ", all.Take(8)) + (all.Count > 8 ? $", ... ({all.Count} files)" : "");
    }

    private static bool IsStale(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[StaleMarker.Length];
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(StaleMarker));
    }

    private static string Leaf(string path) => path.EndsWith('/') ? Path.GetFileName(path.TrimEnd('/')) + "/" : Path.GetFileName(path);

    private static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static IEnumerable<string> Files(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>Every file (path to SHA-256) and folder (path/ to "dir") under a folder.</summary>
    public static Dictionary<string, string> Snapshot(string dir)
    {
        var s = Files(dir).ToDictionary(p => p, p => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, p)))), StringComparer.Ordinal);
        foreach (string d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories))
        {
            s[Path.GetRelativePath(dir, d).Replace('\\', '/') + "/"] = "dir";
        }

        return s;
    }

    private static bool SameSnapshot(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
