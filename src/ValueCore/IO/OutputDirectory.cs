using System.Security.Cryptography;

namespace ValueCore.IO;

/// <summary>
/// An output folder written all-or-nothing: files are written under temporary names and renamed into place only
/// by <see cref="Commit"/>, so a failed run leaves no partial results. An earlier run's file of the same name is
/// removed when its successor is created, so a failed run does not leave stale results beside its report either.
/// </summary>
public sealed class OutputDirectory : IDisposable
{
    private readonly List<(string Temp, string Final)> _pending = [];
    private readonly List<Task> _deletions = [];
    private readonly HashSet<string> _preallocated = new(StringComparer.Ordinal);
    private bool _committed;

    /// <summary>Creates (if needed) the folder.</summary>
    /// <param name="path">The folder path.</param>
    public OutputDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Opens a file for writing under a temporary name; it appears under <paramref name="fileName"/> on <see cref="Commit"/>.</summary>
    /// <param name="fileName">The final file name inside the folder.</param>
    /// <param name="bufferSize">The stream buffer size in bytes.</param>
    /// <returns>The stream; the caller disposes it before <see cref="Commit"/>.</returns>
    public FileStream Create(string fileName, int bufferSize = 1 << 16) => Create(fileName, bufferSize, 0);

    /// <summary>
    /// As <see cref="Create(string, int)"/>, reserving <paramref name="preallocationSize"/> bytes of disk space up front
    /// (0: none) without changing the file's length; whatever the reservation holds past the file's end when it is
    /// committed is released then.
    /// </summary>
    internal FileStream Create(string fileName, int bufferSize, long preallocationSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        string final = System.IO.Path.Combine(Path, fileName);
        string temp = final + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _pending.Add((temp, final));

        // CreateNew, not Create: Create truncates the new file to zero length, and on ext4 a file truncated to zero
        // has all its data written to disk by the close() call itself (auto_da_alloc), 75 ms of a 1M-loan run.
        File.Delete(temp); // left by a crashed run with the same process id
        RetireEarlier(final);
        if (preallocationSize > 0)
        {
            _preallocated.Add(temp);
        }

        return new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize, PreallocationSize = preallocationSize,
        });
    }

    /// <summary>Opens a text writer (UTF-8, no BOM, LF line ends) for a file that appears on <see cref="Commit"/>.</summary>
    /// <param name="fileName">The final file name.</param>
    /// <returns>The writer; dispose it before <see cref="Commit"/>.</returns>
    public StreamWriter CreateText(string fileName) => new(Create(fileName), CsvText.Utf8, 1 << 16) { NewLine = "\n" };

    /// <summary>Renames every file written into place.</summary>
    /// <remarks>
    /// A file of an earlier run was moved aside when its successor was created and deleted in the background, so the
    /// rename never replaces a file: on ext4 (auto_da_alloc) a rename over an existing file makes the renaming process
    /// start writing the new file's data to disk then and there, which for a 10-million-loan loans.csv is seconds of
    /// the run's time. The set of files was never replaced atomically; a crash before the rename leaves the complete
    /// new file under its temporary name.
    /// </remarks>
    public void Commit()
    {
        WaitForDeletions();
        foreach (var (temp, final) in _pending)
        {
            MoveIntoPlace(temp, final);
        }

        _pending.Clear();
        _committed = true;
    }

    /// <summary>Renames one file into place and discards the others (a failed run that still reports its rejects).</summary>
    /// <param name="fileName">The file to keep.</param>
    public void CommitOnly(string fileName)
    {
        WaitForDeletions();
        string final = System.IO.Path.Combine(Path, fileName);
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
        _committed = true;
    }

    /// <summary>
    /// Moves an earlier run's file of this name aside and deletes it in the background: freeing a large file's cached
    /// pages takes the kernel tens of milliseconds (a 240 MB loans.csv: 20-50 ms), which would otherwise be spent at
    /// the end of the run, when nothing else is left to do. The run's outputs thus never sit beside stale ones, even
    /// when it fails.
    /// </summary>
    private void RetireEarlier(string final)
    {
        if (!File.Exists(final))
        {
            return;
        }

        string retired = final + ".old-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(retired);
        File.Move(final, retired); // a plain rename: nothing is replaced
        _deletions.Add(Task.Run(() => File.Delete(retired)));
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

        File.Delete(final); // no error when absent
        File.Move(temp, final, overwrite: true);
    }

    /// <summary>Deletes the temporary files of an uncommitted run.</summary>
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
    }

    /// <summary>The SHA-256 of a file as lower-case hex (for manifests).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The hash.</returns>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
