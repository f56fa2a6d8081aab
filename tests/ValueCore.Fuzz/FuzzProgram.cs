using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace ValueCore.Fuzz;

/// <summary>
/// The fuzz test. <c>--seconds N --seed S</c>: a supervisor starts a worker process that runs generated cases in-process
/// (exit 0/2/3, output folder rule, finite outputs) and writes the first failing case of each cause, minimised, to
/// tests/fuzz-regressions/&lt;case&gt;/; the supervisor catches what kills or hangs a worker (a per-case time limit),
/// keeps that case too, and starts a new worker at the next case. <c>--replay DIR</c> replays kept cases.
/// Exit 0: no failure; 1: failures (listed, grouped by cause); 2: usage.
/// </summary>
internal static class FuzzProgram
{
    private static readonly System.Text.StringBuilder s_workerError = new();

    private static int Main(string[] argv)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < argv.Length; i++)
        {
            if (!argv[i].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"fuzz: unexpected argument '{argv[i]}'");
                return 2;
            }

            o[argv[i][2..]] = i + 1 < argv.Length && !argv[i + 1].StartsWith("--", StringComparison.Ordinal) ? argv[++i] : "";
        }

        string root = o.GetValueOrDefault("root") ?? FindRoot();
        if (o.TryGetValue("replay", out string? replay))
        {
            return Replay(replay.Length > 0 ? replay : Path.Combine(root, "tests", "fuzz-regressions"));
        }

        int seed = int.Parse(o.GetValueOrDefault("seed") ?? "1", CultureInfo.InvariantCulture);
        string save = o.GetValueOrDefault("save") ?? Path.Combine(root, "tests", "fuzz-regressions");
        return o.ContainsKey("worker")
            ? Worker(root, seed, long.Parse(o["start"], CultureInfo.InvariantCulture), long.Parse(o["deadline"], CultureInfo.InvariantCulture), save, o["work"])
            : Supervise(root, seed, double.Parse(o.GetValueOrDefault("seconds") ?? "90", CultureInfo.InvariantCulture),
                double.Parse(o.GetValueOrDefault("case-seconds") ?? "30", CultureInfo.InvariantCulture), save);
    }

    private static int Replay(string dir)
    {
        int failed = 0, total = 0;
        string work = Path.Combine(Path.GetTempPath(), "valuecore-fuzz-replay-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        foreach (string caseDir in FuzzRunner.CaseFolders(dir))
        {
            total++;
            var failures = FuzzRunner.Check(FuzzRunner.ReadCase(caseDir), work);
            Console.WriteLine($"{(failures.Count == 0 ? "pass" : "FAIL")}  {Path.GetRelativePath(dir, caseDir)}{string.Concat(failures.Select(f => "\n      " + f))}");
            failed += failures.Count == 0 ? 0 : 1;
        }

        TryDelete(work);
        Console.WriteLine($"fuzz replay: {total} cases, {failed} failing");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Worker: runs cases from <paramref name="start"/> until the deadline. Protocol on stdout, one line each:
    /// BEGIN i; FAIL i TAB failure TAB case folder (or -); END i.</summary>
    private static int Worker(string root, int seed, long start, long deadline, string save, string work)
    {
        var corpus = FuzzCorpus.Load(root, Path.Combine(work, "corpus"));
        var baselines = FuzzRunner.Baselines(corpus, Path.Combine(work, "baseline"));
        string run = Path.Combine(work, "case");
        string seen = Path.Combine(work, "seen");
        Directory.CreateDirectory(seen);
        Console.WriteLine("READY");
        for (long i = start; DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < deadline; i++)
        {
            var c = FuzzRunner.Generate(corpus, baselines, seed, i);
            // The in-flight case, for the supervisor to keep if this process dies or hangs on it.
            FuzzRunner.WriteCase(c, Path.Combine(work, "inflight"), [], $"seed {seed}, case {i}");
            Console.WriteLine($"BEGIN {i}");
            var failures = FuzzRunner.Check(c, run);
            foreach (string f in failures.DistinctBy(FuzzRunner.Cause))
            {
                string slug = FuzzRunner.Slug(c.Command, f);
                string mark = Path.Combine(seen, slug);
                string kept = "-";
                if (!File.Exists(mark))
                {
                    File.WriteAllText(mark, "");
                    var small = FuzzRunner.Minimise(c, f, run);
                    kept = Path.Combine(save, $"{slug}-s{seed}-{i}");
                    var found = FuzzRunner.Check(small, run);
                    FuzzRunner.WriteCase(small, kept, found, $"seed {seed}, case {i} (minimised)", FuzzRunner.LastError);
                }

                Console.WriteLine($"FAIL {i}\t{c.Command}: {FuzzRunner.Cause(f)}\t{kept}");
            }

            Console.WriteLine($"END {i}");
        }

        return 0;
    }

    private static int Supervise(string root, int seed, double seconds, double caseSeconds, string save)
    {
        var clock = Stopwatch.StartNew();
        string work = Path.Combine(Path.GetTempPath(), "valuecore-fuzz-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        TryDelete(work);
        Directory.CreateDirectory(work);
        long deadline = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)(seconds * 1000);
        var failures = new List<(string Cause, string Kept)>();
        long next = 0, cases = 0;
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < deadline)
        {
            using var worker = StartWorker(root, seed, next, deadline, save, work);
            var lines = new BlockingCollection<string>();
            var reader = new Thread(() =>
            {
                while (worker.StandardOutput.ReadLine() is { } line)
                {
                    lines.Add(line);
                }

                lines.CompleteAdding();
            }) { IsBackground = true };
            reader.Start();
            long? inFlight = null;
            bool ready = false;
            string? line;
            while (true)
            {
                // Start-up (seed files, one clean run of every template) gets two minutes; each case its own limit.
                var limit = TimeSpan.FromSeconds(ready ? caseSeconds : 120);
                if (!lines.TryTake(out line, limit))
                {
                    if (lines.IsCompleted)
                    {
                        break;
                    }

                    worker.Kill(entireProcessTree: true);
                    worker.WaitForExit();
                    Keep(work, save, seed, inFlight, !ready ? "start-up hang" : inFlight is null ? "hang between cases" : $"hang (over {caseSeconds} s)", failures);
                    inFlight = null;
                    if (!ready)
                    {
                        return Summary(seed, cases, clock, failures, broken: true);
                    }

                    break;
                }

                if (line == "READY")
                {
                    ready = true;
                }
                else if (line.StartsWith("BEGIN ", StringComparison.Ordinal))
                {
                    inFlight = long.Parse(line[6..], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("END ", StringComparison.Ordinal))
                {
                    cases++;
                    next = inFlight!.Value + 1;
                    inFlight = null;
                }
                else if (line.StartsWith("FAIL ", StringComparison.Ordinal))
                {
                    var parts = line.Split('\t');
                    failures.Add((parts[1], parts[2]));
                }
            }

            worker.WaitForExit();
            if (inFlight is not null)
            {
                // The worker died on a case: a crash the CLI could not catch (stack overflow, out of memory, abort).
                Keep(work, save, seed, inFlight, $"process died (exit {worker.ExitCode})", failures);
                cases++;
                next = inFlight.Value + 1;
            }
            else if (!ready)
            {
                lock (s_workerError)
                {
                    Console.Error.WriteLine(s_workerError.ToString());
                }

                return Summary(seed, cases, clock, failures, broken: true);
            }
        }

        TryDelete(work);
        return Summary(seed, cases, clock, failures, broken: false);
    }

    private static void Keep(string work, string save, int seed, long? index, string cause, List<(string, string)> failures)
    {
        string inflight = Path.Combine(work, "inflight");
        if (index is null || !File.Exists(Path.Combine(inflight, "args.txt")))
        {
            failures.Add(("worker: " + cause, "-"));
            return;
        }

        var c = FuzzRunner.ReadCase(inflight);
        string slug = FuzzRunner.Slug(c.Command, cause);
        string kept = Path.Combine(save, $"{slug}-s{seed}-{index}");
        Directory.CreateDirectory(save);
        TryDelete(kept);
        Directory.Move(inflight, kept);
        File.AppendAllText(Path.Combine(kept, "failure.txt"), $"supervisor: {cause}\n");
        failures.Add(($"{c.Command}: {cause}", kept));
    }

    private static Process StartWorker(string root, int seed, long start, long deadline, string save, string work)
    {
        string self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(FuzzProgram).Assembly.Location);
        }

        foreach (string a in new[] { "--worker", "--root", root, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--start", start.ToString(CultureInfo.InvariantCulture),
                     "--deadline", deadline.ToString(CultureInfo.InvariantCulture), "--save", save, "--work", work })
        {
            info.ArgumentList.Add(a);
        }

        var p = Process.Start(info)!;
        // Drain stderr so that a chatty worker never blocks on a full pipe; keep its start for a worker that fails to start.
        s_workerError.Clear();
        p.ErrorDataReceived += (_, e) =>
        {
            lock (s_workerError)
            {
                if (e.Data is not null && s_workerError.Length < 20_000)
                {
                    s_workerError.AppendLine(e.Data);
                }
            }
        };
        p.BeginErrorReadLine();
        return p;
    }

    private static int Summary(int seed, long cases, Stopwatch clock, List<(string Cause, string Kept)> failures, bool broken)
    {
        foreach (var g in failures.GroupBy(f => f.Cause).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string kept = g.Select(f => f.Kept).FirstOrDefault(k => k != "-") ?? "-";
            Console.WriteLine($"  {g.Count(),5}x  {g.Key}\n          kept: {kept}");
        }

        int causes = failures.Select(f => f.Cause).Distinct().Count();
        Console.WriteLine($"fuzz: seed {seed}, {cases} cases in {clock.Elapsed.TotalSeconds:F0} s, {failures.Count} failures ({causes} causes){(broken ? ", the harness could not start" : "")}");
        return failures.Count == 0 && !broken ? 0 : 1;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ValueManagement.sln")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
