using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli;

/// <summary>
/// The command line's side of the output-folder rule (docs/conventions.md, "The output folder"): before a command
/// runs, its <c>--out</c> folder is checked against its inputs (a usage error touches nothing); after a run that
/// fails on invalid input, whatever of the earlier run the command left (it failed before opening the folder) is
/// removed, so the folder holds only the failed run's <c>rejected.csv</c>, if any.
/// </summary>
internal sealed class OutputFolderGuard
{
    private readonly List<(string Path, bool IsFolder, DateTime Written, DateTime Created, long Length)> _earlier;

    private readonly string _folder;

    private OutputFolderGuard(string folder, List<(string, bool, DateTime, DateTime, long)> earlier)
    {
        _folder = folder;
        _earlier = earlier;
    }

    /// <summary>Checks the command's output folder, if it writes one; null when it does not.</summary>
    /// <exception cref="UsageException">The folder is not usable (the message says why).</exception>
    public static OutputFolderGuard? Open(CommandSpec command, CliArgs args)
    {
        var spec = command.Options.FirstOrDefault(o => o.Name == "out" && o.ValueName == "DIR");
        if (spec is null)
        {
            return null;
        }

        string folder = args.Require("out"); // required by every command (docs/conventions.md, "One command-line vocabulary")
        var inputs = command.Options
            .Where(o => o.Name != "out" && o.ValueName is { } v && (v.Contains("FILE", StringComparison.Ordinal) || v.Contains("DIR", StringComparison.Ordinal)))
            .SelectMany(o => o.Repeatable ? args.GetAll(o.Name) : args.Get(o.Name) is { } value ? [value] : [])
            .ToList();
        try
        {
            OutputDirectory.Check(folder, inputs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out {folder}: {e.Message}");
        }

        var earlier = new List<(string, bool, DateTime, DateTime, long)>();
        if (Directory.Exists(folder))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                var info = new FileInfo(entry);
                bool isFolder = Directory.Exists(entry) && info.LinkTarget is null;
                earlier.Add(isFolder ? (entry, true, default, default, 0) : (entry, false, info.LastWriteTimeUtc, info.CreationTimeUtc, info.Length));
            }
        }

        // manifest.json last: a run stopped while removing still lists what is left.
        earlier.Sort((a, b) => (Path.GetFileName(a.Item1) == "manifest.json").CompareTo(Path.GetFileName(b.Item1) == "manifest.json"));
        return new OutputFolderGuard(folder, earlier);
    }

    /// <summary>After a failure on invalid input: removes every entry of the earlier run that is still there unchanged,
    /// and whatever this run wrote but its <c>rejected.csv</c> (a run that read rows but valued none exits 3 after its
    /// job wrote its files: they report nothing and must not stay).</summary>
    public void RemoveEarlierRun()
    {
        RemoveThisRunButRejected();
        foreach (var (path, isFolder, written, created, length) in _earlier)
        {
            try
            {
                if (isFolder)
                {
                    if (Directory.Exists(path))
                    {
                        Directory.Delete(path, recursive: true);
                    }
                }
                else
                {
                    // A rejected.csv that the failed run rewrote is a different file: kept. Any other file of the
                    // earlier run goes, whether or not this run rewrote it (a run that valued nothing writes files too).
                    var info = new FileInfo(path);
                    bool unchanged = info.Exists && info.LastWriteTimeUtc == written && info.CreationTimeUtc == created && info.Length == length;
                    if (info.Exists && (unchanged || Path.GetFileName(path) != "rejected.csv"))
                    {
                        info.Delete();
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the run's own error is the one to report.
            }
        }
    }

    /// <summary>Removes the entries this run created (new since the folder was checked), except <c>rejected.csv</c>; manifest last.</summary>
    private void RemoveThisRunButRejected()
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }

        var earlier = _earlier.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var created = Directory.EnumerateFileSystemEntries(_folder)
            .Where(p => !earlier.Contains(p) && Path.GetFileName(p) != "rejected.csv")
            .OrderBy(p => Path.GetFileName(p) == "manifest.json")
            .ToList();
        foreach (string path in created)
        {
            try
            {
                if (Directory.Exists(path) && new FileInfo(path).LinkTarget is null)
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort, as above.
            }
        }
    }
}
