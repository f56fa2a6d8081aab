using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ValueCore.Batch;

/// <summary>
/// An output folder that, after any run, holds exactly that run's outputs: files are written under temporary names and
/// renamed into place only by <see cref="Commit"/>; an earlier run's files (those its <c>manifest.json</c> lists, its
/// <c>rejected.csv</c>) and the temporaries of killed runs are removed when the folder is opened, so a failed run leaves
/// only what it commits (its <c>rejected.csv</c>) and never results of an earlier run beside it.
/// </summary>
/// <remarks>
/// The folder is checked before anything in it is touched (see <see cref="Check"/>): it must be a directory (or not
/// exist yet), hold no input of the run, and hold nothing but an earlier run's outputs and temporaries, so a folder of
/// other files is never emptied. The rule is written down in docs/conventions.md, "The output folder".
/// </remarks>
public sealed partial class OutputDirectory : IDisposable
{
    private const string ManifestName = "manifest.json";
    private const string RejectedName = "rejected.csv";

    private readonly List<(string Temp, string Final)> _pending = [];
    private readonly HashSet<string> _finals = new(StringComparer.Ordinal);
    private readonly List<string> _createdFolders = [];
    private readonly List<Task> _deletions = [];
    private readonly HashSet<string> _preallocated = new(StringComparer.Ordinal);
    private readonly string _suffix = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private bool _committed;

    // results.xlsx: asked for by the flow that opened the folder (ResultWorkbook.Request), written once with the file list.
    private WorkbookRequest? _workbook = ResultWorkbook.Request;

    /// <summary>Checks the folder (see <see cref="Check"/>), creates it if needed and removes an earlier run's files.</summary>
    /// <param name="path">The folder path.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The folder is not usable (see <see cref="Check"/>).</exception>
    public OutputDirectory(string path)
        : this(path, [])
    {
    }

    /// <summary>Checks the folder against the run's inputs (see <see cref="Check"/>), creates it if needed and removes an earlier run's files.</summary>
    /// <param name="path">The folder path.</param>
    /// <param name="inputs">The run's input files and folders; none may lie in the output folder.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The folder is not usable (see <see cref="Check"/>).</exception>
    public OutputDirectory(string path, IEnumerable<string> inputs)
    {
        var earlier = Inspect(path, inputs);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
        Retire(earlier);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The files this run has created so far, relative to the folder ('/' between folder names), in ordinal order.</summary>
    public IReadOnlyList<string> Files =>
        [.. _finals.Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Checks, without touching anything, that a run may write into <paramref name="path"/>: the path is not empty; it
    /// does not exist or is a directory; no input lies in it (full paths compared after resolving symbolic links); and
    /// it holds nothing but an earlier run's outputs: <c>manifest.json</c> and the files its <c>files</c> list names,
    /// <c>rejected.csv</c>, and temporaries (<c>NAME.tmp-PID</c>, <c>NAME.old-PID</c>) of processes no longer running.
    /// </summary>
    /// <param name="path">The folder path.</param>
    /// <param name="inputs">The run's input files and folders.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">One of the rules is broken; the message says which and how to fix it.</exception>
    public static void Check(string path, IEnumerable<string> inputs) => Inspect(path, inputs);

    /// <summary>Opens a file for writing under a temporary name; it appears under <paramref name="fileName"/> on <see cref="Commit"/>.</summary>
    /// <param name="fileName">The final file name inside the folder, optionally under subfolders ("baseline/loans.csv").</param>
    /// <param name="bufferSize">The stream buffer size in bytes.</param>
    /// <returns>The stream; the caller disposes it before <see cref="Commit"/>.</returns>
    /// <exception cref="IOException">The run already wrote a file of this name, or it cannot be created.</exception>
    public FileStream Create(string fileName, int bufferSize = 1 << 16) => Create(fileName, bufferSize, 0);

    /// <summary>
    /// As <see cref="Create(string, int)"/>, reserving <paramref name="preallocationSize"/> bytes of disk space up front
    /// (0: none) without changing the file's length; whatever the reservation holds past the file's end when it is
    /// committed is released then.
    /// </summary>
    internal FileStream Create(string fileName, int bufferSize, long preallocationSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        string final = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, fileName));
        if (!final.StartsWith(Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' is not a name inside the output folder.", nameof(fileName));
        }

        if (!_finals.Add(final))
        {
            throw new IOException($"The run writes {final} twice.");
        }

        CreateFolders(System.IO.Path.GetDirectoryName(final)!);
        string temp = final + ".tmp-" + _suffix;
        _pending.Add((temp, final));

        // CreateNew, not Create: Create truncates the new file to zero length, and on ext4 a file truncated to zero
        // has all its data written to disk by the close() call itself (auto_da_alloc), 75 ms of a 1M-loan run.
        File.Delete(temp); // left by a crashed run with the same process id
        if (preallocationSize > 0)
        {
            _preallocated.Add(temp);
        }

        try
        {
            return new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize, PreallocationSize = preallocationSize,
            });
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{Path} is not a usable output folder: {e.Message}", e);
        }
    }

    /// <summary>The temporary path of a file this run created (and closed), to read it back before <see cref="Commit"/>
    /// (the table sinks turn a CSV into Parquet or a compressed CSV, or copy it into a database).</summary>
    /// <exception cref="ArgumentException">The run created no file of this name.</exception>
    internal string PendingPath(string fileName)
    {
        string final = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, fileName));
        foreach (var (temp, target) in _pending)
        {
            if (target == final)
            {
                return temp;
            }
        }

        throw new ArgumentException($"the run wrote no file {fileName}.", nameof(fileName));
    }

    /// <summary>Deletes a file this run created and drops it from the run's files: it will not appear on <see cref="Commit"/>.</summary>
    internal void Discard(string fileName)
    {
        string temp = PendingPath(fileName);
        string final = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, fileName));
        File.Delete(temp);
        _pending.RemoveAll(p => p.Temp == temp);
        _preallocated.Remove(temp);
        _finals.Remove(final);
    }

    /// <summary>Opens a text writer (UTF-8, no BOM, LF line ends) for a file that appears on <see cref="Commit"/>.</summary>
    /// <param name="fileName">The final file name.</param>
    /// <returns>The writer; dispose it before <see cref="Commit"/>.</returns>
    public StreamWriter CreateText(string fileName) => new(Create(fileName), CsvText.Utf8, 1 << 16) { NewLine = "\n" };

    /// <summary>Writes the opening properties every manifest shares: <c>tool</c>, <c>version</c> (of the batch assembly)
    /// and, when given, <c>created</c> (the only timestamp of a run's outputs).</summary>
    /// <param name="json">A writer inside the manifest's top-level object.</param>
    /// <param name="tool">The command, e.g. <c>valuecore raroc</c>.</param>
    /// <param name="timestamp">The run's time; null writes none.</param>
    public static void WriteToolAndTime(Utf8JsonWriter json, string tool, DateTimeOffset? timestamp)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteString("tool", tool);
        json.WriteString("version", typeof(OutputDirectory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        if (timestamp is DateTimeOffset t)
        {
            json.WriteString("created", t.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes the property <c>"files"</c>: an array of <see cref="Files"/> (for manifests, which list every file of their run).</summary>
    /// <param name="json">A writer inside an open object.</param>
    /// <remarks>When the run asked for a workbook, <c>results.xlsx</c> is written first, from the CSV tables written so
    /// far (the manifest is a run's last file), so the list names it.</remarks>
    public void WriteFileList(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        WriteWorkbook();
        json.WriteStartArray("files");
        foreach (var f in Files)
        {
            json.WriteStringValue(f);
        }

        json.WriteEndArray();
    }

    /// <summary>Writes <c>results.xlsx</c> of the CSV tables written so far (all but <c>rejected.csv</c>), once, when the run asked for it.</summary>
    private void WriteWorkbook()
    {
        if (_workbook is not { } request)
        {
            return;
        }

        _workbook = null;
        var tables = _pending
            .Select(p => (Name: System.IO.Path.GetRelativePath(Path, p.Final).Replace('\\', '/'), Path: p.Temp))
            .Where(t => t.Name.EndsWith(".csv", StringComparison.Ordinal) && t.Name != RejectedName)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        using var stream = Create(ResultWorkbook.FileName);
        ResultWorkbook.Write(stream, tables, request);
    }

    /// <summary>
    /// Writes a <c>manifest.json</c> for a job that has no manifest of its own: the tool, each input file with its
    /// SHA-256, and <see cref="Files"/> (which includes the manifest itself).
    /// </summary>
    internal void WriteManifest(string tool, IEnumerable<(string Role, string Path)> inputs, Action<Utf8JsonWriter>? extra = null)
    {
        using var stream = Create(ManifestName);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        WriteToolAndTime(json, tool, null);
        json.WriteStartArray("inputs");
        foreach (var (role, path) in inputs)
        {
            json.WriteStartObject();
            json.WriteString("role", role);
            json.WriteString("file", InputRecord.FileOf(path));
            InputRecord.WriteSha256(json, path);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        extra?.Invoke(json);
        WriteFileList(json);
        json.WriteEndObject();
    }

    /// <summary>Renames every file written into place.</summary>
    /// <remarks>
    /// Every target is checked before the first rename, so a conflict (a directory of a target's name) leaves the
    /// folder as it was. The earlier run's files were deleted in the background since the folder was opened, so the
    /// rename never replaces a file: on ext4 (auto_da_alloc) a rename over an existing file makes the renaming process
    /// start writing the new file's data to disk then and there, which for a 10-million-loan loans.csv is seconds of
    /// the run's time. A crash before the rename leaves the complete new file under its temporary name, which the
    /// next run into the folder removes.
    /// </remarks>
    /// <exception cref="IOException">A target is blocked; nothing was renamed.</exception>
    public void Commit()
    {
        WaitForDeletions();
        foreach (var (_, final) in _pending)
        {
            ThrowIfBlocked(final);
        }

        foreach (var (temp, final) in _pending)
        {
            MoveIntoPlace(temp, final);
        }

        _pending.Clear();
        _committed = true;
    }

    /// <summary>Renames one file into place and discards the others (a failed run that still reports its rejects).</summary>
    /// <param name="fileName">The file to keep.</param>
    /// <exception cref="IOException">The target is blocked; nothing was renamed.</exception>
    public void CommitOnly(string fileName)
    {
        WaitForDeletions();
        string final = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, fileName));
        ThrowIfBlocked(final);
        foreach (var (temp, target) in _pending)
        {
            if (target == final)
            {
                MoveIntoPlace(temp, target);
            }
            else
            {
                File.Delete(temp);
            }
        }

        _pending.Clear();
        _finals.RemoveWhere(f => f != final);
        RemoveEmptyCreatedFolders();
        _committed = true;
    }

    /// <summary>Deletes the temporary files (and the folders the run created for them) of an uncommitted run.</summary>
    public void Dispose()
    {
        try
        {
            WaitForDeletions();
        }
        catch (AggregateException)
        {
            // Best effort, as below: the run's own error is the one to report.
        }

        if (_committed)
        {
            return;
        }

        foreach (var (temp, _) in _pending)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Best effort: the file may still be open by a writer that failed.
            }
        }

        _pending.Clear();
        RemoveEmptyCreatedFolders();
    }

    /// <summary>The SHA-256 of a file as lower-case hex (for manifests).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The hash.</returns>
    public static string Sha256(string path)
    {
        if (Directory.Exists(path))
        {
            // A folder of Parquet parts (docs/loan-book.md, "Book sources"): the hash of its parts in name order, each as
            // its file name in UTF-8, a zero byte, its length (8 bytes, little-endian) and its bytes; so a part renamed,
            // split or moved changes the hash as a byte changed does.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var part in ValueCore.IO.Sources.ParquetCsvStream.Parts(path))
            {
                using var partStream = File.OpenRead(part);
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(System.IO.Path.GetFileName(part)));
                hash.AppendData([0]);
                var length = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, partStream.Length);
                hash.AppendData(length);
                var block = new byte[1 << 20];
                for (int n; (n = partStream.Read(block)) > 0;)
                {
                    hash.AppendData(block, 0, n);
                }
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The checks of <see cref="Check"/>; returns the earlier run's entries (full paths) to remove.</summary>
    private static List<string> Inspect(string path, IEnumerable<string> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inputs);
        string full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        bool isDirectory = Directory.Exists(full);
        if (!isDirectory && (File.Exists(full) || new FileInfo(full).LinkTarget is not null))
        {
            throw new IOException($"{full} exists and is not a directory.");
        }

        string real = RealPath(full);
        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input))
            {
                continue;
            }

            string inputReal = RealPath(System.IO.Path.GetFullPath(input));
            if (inputReal == real || inputReal.StartsWith(real + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new IOException($"the input {input} lies in the output folder {full}, whose earlier contents a run replaces: write the results to another folder.");
            }
        }

        var earlier = new List<string>();
        if (!isDirectory)
        {
            return earlier;
        }

        var listed = ReadManifestFiles(full);
        string? manifest = null;
        foreach (var entry in Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal))
        {
            string name = System.IO.Path.GetFileName(entry);
            if (name == ManifestName && listed is not null)
            {
                manifest = entry; // removed last, so a run killed while removing leaves the list of what is left
                continue;
            }

            if (!IsEarlier(full, entry, listed))
            {
                throw new IOException(
                    $"the output folder {full} holds {name}, which no earlier run wrote (not listed in a manifest.json, " +
                    "not rejected.csv, not a temporary of a stopped run); a run replaces the folder's contents, so empty it or choose another folder.");
            }

            earlier.Add(entry);
        }

        if (manifest is not null)
        {
            earlier.Add(manifest);
        }

        return earlier;
    }

    /// <summary>Whether an entry of the folder belongs to an earlier run: listed, its rejects, or a stopped run's temporary.</summary>
    private static bool IsEarlier(string folder, string entry, HashSet<string>? listed)
    {
        string relative = System.IO.Path.GetRelativePath(folder, entry).Replace('\\', '/');
        var info = new FileInfo(entry);
        bool isDirectory = Directory.Exists(entry) && info.LinkTarget is null;
        if (TemporaryName().Match(System.IO.Path.GetFileName(entry)) is { Success: true } m)
        {
            if (int.TryParse(m.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && IsRunning(pid))
            {
                throw new IOException($"another run (process {pid}) is writing into the output folder {folder} ({relative}); wait for it or choose another folder.");
            }

            return true;
        }

        if (!isDirectory)
        {
            return relative == RejectedName || (listed?.Contains(relative) ?? false);
        }

        // A folder of an earlier run (a scenario's): one that its manifest names files under, or a stopped run's.
        bool named = listed?.Any(f => f.StartsWith(relative + "/", StringComparison.Ordinal)) ?? false;
        bool any = false;
        foreach (var inner in Directory.EnumerateFileSystemEntries(entry).Order(StringComparer.Ordinal))
        {
            if (!IsEarlier(folder, inner, listed))
            {
                return false;
            }

            any = true;
        }

        return named || any;
    }

    /// <summary>The <c>files</c> of the folder's manifest.json, or null when it has none (no manifest, or not one of ours).</summary>
    private static HashSet<string>? ReadManifestFiles(string folder)
    {
        string manifest = System.IO.Path.Combine(folder, ManifestName);
        if (!File.Exists(manifest))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(manifest);
            using var doc = JsonDocument.Parse(stream);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in files.EnumerateArray())
            {
                // Only plain relative names inside the folder: a manifest never makes a run delete anything outside it.
                if (f.ValueKind == JsonValueKind.String && f.GetString() is { Length: > 0 } s && !System.IO.Path.IsPathRooted(s)
                    && !s.Split('/').Any(p => p is "" or "." or ".." || p.Contains('\\', StringComparison.Ordinal)))
                {
                    set.Add(s);
                }
            }

            return set;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The full path with every symbolic link along it resolved (the part that does not exist yet kept as is).</summary>
    private static string RealPath(string full)
    {
        string root = System.IO.Path.GetPathRoot(full) ?? "";
        string current = root;
        var parts = full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            string next = System.IO.Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                try
                {
                    string target = System.IO.Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next);
                    next = target == next ? next : RealPath(target); // the target's own folders may be links too
                }
                catch (IOException)
                {
                    // A link loop: compare the unresolved path.
                }
            }

            current = next;
        }

        return System.IO.Path.TrimEndingDirectorySeparator(current);
    }

    /// <summary>Removes the earlier run's entries: folders renamed aside at once, everything deleted in the background, manifest.json last.</summary>
    private void Retire(List<string> earlier)
    {
        if (earlier.Count == 0)
        {
            return;
        }

        var files = new List<string>();
        var folders = new List<string>();
        foreach (var entry in earlier)
        {
            if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                // Renamed aside so this run may create a folder of the same name at once; a kill leaves NAME.old-PID.
                string aside = entry + ".old-" + _suffix;
                if (Directory.Exists(aside))
                {
                    Directory.Delete(aside, recursive: true);
                }

                Directory.Move(entry, aside);
                folders.Add(aside);
            }
            else
            {
                files.Add(entry);
            }
        }

        // Freeing a large file's cached pages takes the kernel tens of milliseconds (a 240 MB loans.csv: 20-50 ms),
        // spent here in the background rather than at the end of the run, when nothing else is left to do.
        _deletions.Add(Task.Run(() =>
        {
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }

            foreach (var file in files)
            {
                File.Delete(file);
            }
        }));
    }

    private void CreateFolders(string folder)
    {
        if (folder.Length <= Path.Length || Directory.Exists(folder))
        {
            return;
        }

        CreateFolders(System.IO.Path.GetDirectoryName(folder)!);
        Directory.CreateDirectory(folder);
        _createdFolders.Add(folder);
    }

    private void RemoveEmptyCreatedFolders()
    {
        for (int i = _createdFolders.Count - 1; i >= 0; i--)
        {
            try
            {
                if (!Directory.EnumerateFileSystemEntries(_createdFolders[i]).Any())
                {
                    Directory.Delete(_createdFolders[i]);
                }
            }
            catch (IOException)
            {
                // Best effort.
            }
        }

        _createdFolders.Clear();
    }

    private static void ThrowIfBlocked(string final)
    {
        if (Directory.Exists(final))
        {
            throw new IOException($"cannot write {final}: a folder of that name is in the way; nothing was written.");
        }
    }

    private void WaitForDeletions()
    {
        Task.WaitAll(_deletions);
        _deletions.Clear();
    }

    private void MoveIntoPlace(string temp, string final)
    {
        if (_preallocated.Contains(temp))
        {
            // Setting the length it already has releases the space reserved past the end.
            using var handle = File.OpenHandle(temp, FileMode.Open, FileAccess.Write);
            RandomAccess.SetLength(handle, RandomAccess.GetLength(handle));
        }

        File.Move(temp, final, overwrite: true);
    }

    [GeneratedRegex(@"\.(tmp|old)-(?<pid>[0-9]{1,10})$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
