using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Batch;
using System.Security.Cryptography;
using System.Text;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;

namespace ValueCore.Batch.Provisions;

/// <summary>What one chunk of a provisioning book became; one subclass per job. Reused from chunk to chunk.</summary>
internal abstract class ProvisionChunk
{
    /// <summary>The loan-book part: rules of docs/loan-book.md, the valid rows' records, id hashes, segments, EADs and LGDs.</summary>
    public LoanChunkResult? Book { get; set; }

    /// <summary>Every problem of the chunk (loan-book and provisioning columns) with the row's loan_id, in line order.</summary>
    public List<(DataIssue Issue, string LoanId)> Issues { get; } = [];

    /// <summary>Valid-row indices left out of the output and totals (later occurrences of an identifier, --skip-invalid); null for none.</summary>
    public HashSet<int>? Withheld { get; set; }

    /// <summary>Whether valid row v is withheld: the job's Compute skips it (no output, no totals).</summary>
    public bool IsWithheld(int v) => Withheld is not null && Withheld.Contains(v);

    /// <summary>Loan-book-valid rows that broke a provisioning rule.</summary>
    public int ProvisionRejected { get; set; }

    /// <summary>Formatted loans.csv lines of the chunk.</summary>
    public byte[] Output { get; set; } = new byte[1 << 16];

    public int OutputLength { get; set; }

    /// <summary>Clears the per-chunk state before the chunk is processed.</summary>
    public virtual void Clear()
    {
        Issues.Clear();
        Withheld = null;
        ProvisionRejected = 0;
        OutputLength = 0;
    }
}

/// <summary>Validates and computes the rows of one chunk (one instance per worker thread).</summary>
internal abstract class ProvisionChunkWorker<T>
    where T : ProvisionChunk
{
    private readonly LoanChunkProcessor _processor;
    private readonly List<DataIssue> _provisionIssues = [];

    protected ProvisionChunkWorker(LoanBookSchema schema)
    {
        Schema = schema;
        Splitter = new CsvRecordSplitter(schema.Format.Delimiter);
        _processor = new LoanChunkProcessor(schema, ValuationOptions.Default, [], []) { WriteLoans = false, KeepText = false, ValueRows = false };
    }

    protected LoanBookSchema Schema { get; }

    protected CsvRecordSplitter Splitter { get; }

    protected abstract T Create();

    /// <summary>Checks the provisioning columns of the loan-book-valid rows and computes the valid ones.</summary>
    protected abstract void Compute(CsvChunk chunk, T result, List<DataIssue> issues);

    public T Process(CsvChunk chunk, T? reuse)
    {
        var result = reuse ?? Create();
        result.Clear();
        result.Book = _processor.Process(chunk, chunk.Index == 0 ? 1 : 0, result.Book);
        _provisionIssues.Clear();
        Compute(chunk, result, _provisionIssues);
        var book = result.Book;
        if (book.Issues.Count == 0)
        {
            foreach (var issue in _provisionIssues)
            {
                result.Issues.Add((issue, LoanIdAt(chunk, issue.Line)));
            }
        }
        else
        {
            // Merge the two line-ordered lists (stable: loan-book issues first on a line).
            int a = 0, b = 0;
            while (a < book.Issues.Count || b < _provisionIssues.Count)
            {
                if (b == _provisionIssues.Count || (a < book.Issues.Count && book.Issues[a].Issue.Line <= _provisionIssues[b].Line))
                {
                    result.Issues.Add(book.Issues[a++]);
                }
                else
                {
                    var issue = _provisionIssues[b++];
                    result.Issues.Add((issue, LoanIdAt(chunk, issue.Line)));
                }
            }
        }

        return result;
    }

    /// <summary>Computes the chunk again without the rows in <paramref name="withheld"/> (output and totals; the issues are
    /// those already counted and are not repeated). A job that keeps its rows' figures may rebuild from them instead.</summary>
    public virtual void Recompute(CsvChunk chunk, T result, HashSet<int> withheld)
    {
        result.Clear();
        result.Withheld = withheld;
        _provisionIssues.Clear();
        Compute(chunk, result, _provisionIssues);
    }

    /// <summary>The loan_id text of the record on a line of the chunk (a provisioning issue's row); empty if not found.</summary>
    private string LoanIdAt(CsvChunk chunk, long line)
    {
        int r = Array.BinarySearch(chunk.Lines, 0, chunk.Count, line);
        if (r < 0)
        {
            return "";
        }

        Split(chunk, r);
        return Splitter.Error is null && Splitter.Count == Schema.FieldCount ? ProvisionText.Text(Splitter.Value(Schema.LoanId)) : "";
    }

    /// <summary>Splits record r of the chunk into <see cref="Splitter"/>.</summary>
    protected void Split(CsvChunk chunk, int record)
    {
        int start = record == 0 ? 0 : chunk.RecordEnds[record - 1];
        Splitter.Split(chunk.Data, start, chunk.Record(record).Length);
    }
}

/// <summary>Counts of one streamed pass over a book.</summary>
internal sealed class PipelineCounts
{
    private readonly List<DataIssue> _issues = [];

    public long RowsRead { get; set; }

    public long RowsValued { get; set; }

    public long RowsRejected { get; set; }

    public long BlankLines { get; set; }

    public long IssueCount { get; private set; }

    public string InputSha256 { get; set; } = "";

    public IReadOnlyList<DataIssue> Issues => _issues;

    /// <summary>A job's summary from these counts; the issues are reported only by a run that skipped invalid rows (any other run failed on them).</summary>
    public ProvisionJobSummary ToSummary(string source, bool skipInvalid, double total, IReadOnlyList<string> files, int horizonYears = 0) => new()
    {
        Source = source,
        RowsRead = RowsRead,
        RowsValued = RowsValued,
        RowsRejected = RowsRejected,
        IssueCount = skipInvalid ? IssueCount : 0,
        Issues = skipInvalid ? Issues : [],
        BlankLines = BlankLines,
        Total = total,
        HorizonYears = horizonYears,
        InputSha256 = InputSha256,
        Files = files,
    };

    public void AddIssue(DataIssue issue)
    {
        IssueCount++;
        if (_issues.Count < DataValidationException.MaxListed)
        {
            _issues.Add(issue);
        }
    }

    /// <summary>Throws every problem found, in line order (stable), as one exception.</summary>
    public void ThrowIfAny(string source)
    {
        if (IssueCount > 0)
        {
            throw new DataValidationException(source, [.. _issues.OrderBy(i => i.Line)], IssueCount);
        }
    }
}

/// <summary>
/// The streamed pass shared by the provisioning jobs: the book is cut into chunks of whole records (fixed size) that
/// are validated and computed in parallel and handed to the caller in input order, so every output and every
/// chunk-ordered reduction is the same for any number of threads. Only the chunks in flight, the caller's aggregates
/// and the 8-byte-per-loan duplicate-identifier set stay in memory.
/// </summary>
internal static class ProvisionPipeline
{
    internal const int RecordsPerChunk = CsvChunker.RecordsPerChunk;

    /// <summary>Streams the book.</summary>
    /// <param name="path">The book.</param>
    /// <param name="source">The name in messages.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    /// <param name="setup">Given the loan-book schema and header, returns the worker factory; may add header issues.</param>
    /// <param name="consume">Called in chunk order on one thread with each computed chunk and whether the run is still clean
    /// (always true with <paramref name="skipInvalid"/>, the chunk then holding the valued rows only).</param>
    /// <param name="skipInvalid">Whether invalid rows are rejected (handed to <paramref name="reject"/>) while the others are
    /// valued: a repeated loan_id is valued at its first valid occurrence and rejected at the later ones, naming that line; a
    /// row whose identifier only shares a hash with an earlier one is valued after the pass and handed to
    /// <paramref name="consume"/> last. Header problems still throw.</param>
    /// <param name="reject">With <paramref name="skipInvalid"/>, called in output order with every issue and the row's loan_id.</param>
    /// <param name="csv">How the book is read (column and value maps); null for the defaults. The header handed to
    /// <paramref name="setup"/> carries the standard names of mapped columns.</param>
    /// <param name="progress">Where the bytes of the book consumed so far are reported, once per chunk (out of the file's length); null: nowhere.</param>
    /// <returns>The counts and issues (the caller throws them unless skipping).</returns>
    public static PipelineCounts Run<T>(string path, string source, int maxDegreeOfParallelism,
        Func<LoanBookSchema, string[], PipelineCounts, Func<ProvisionChunkWorker<T>>> setup, Action<T, bool> consume,
        bool skipInvalid = false, Action<DataIssue, string>? reject = null, LoanBookCsvOptions? csv = null, IProgress<long>? progress = null)
        where T : ProvisionChunk
    {
        csv ??= LoanBookCsvOptions.Default;
        var counts = new PipelineCounts();
        using var chunker = CsvChunker.OpenFile(path, RecordsPerChunk);
        var first = chunker.First(source);
        var headerIssues = new List<DataIssue>();
        var header = LoanBookSchema.ReadHeader(first, csv, source, headerIssues);
        var schema = LoanBookSchema.Create(header, csv, headerIssues, source: source);
        if (headerIssues.Count > 0)
        {
            throw new DataValidationException(source, headerIssues, headerIssues.Count);
        }

        var factory = setup(schema, LoanBookSchema.StandardHeader(header, csv), counts);
        if (skipInvalid)
        {
            // A missing column breaks every row: not a row problem to skip.
            counts.ThrowIfAny(source);
        }

        var rejectedLines = skipInvalid ? new HashSet<long>() : null;
        var withheldRows = new List<Withheld>();
        int dop = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Max(1, maxDegreeOfParallelism);
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, dop).ConcurrentScheduler;
        using var workers = new ThreadLocal<ProvisionChunkWorker<T>>(factory);
        var recycled = new System.Collections.Concurrent.ConcurrentQueue<T>();
        var ids = HashSet64.ForFile(chunker.InputLength, first);
        var candidates = new List<(long Line, ulong Hash)>();

        // Chunks checked for repeated identifiers, waiting to be written in order (a chunk with withheld rows is being recomputed).
        var pending = new Queue<(Task<T> Task, bool Clean)>();
        long bytesDone = 0;
        int window = (2 * dop) + 2;
        void Drain(int keep)
        {
            while (pending.Count > 0 && (pending.Count > keep || pending.Peek().Task.IsCompleted))
            {
                var (task, clean) = pending.Dequeue();
                var done = task.GetAwaiter().GetResult();
                consume(done, clean);
                bytesDone += done.Book!.Chunk.Length;
                progress?.Report(bytesDone);
                done.Book!.Chunk.ReturnData();
                recycled.Enqueue(done);
            }
        }

        // The one ordered streaming pipeline (OrderedChunks): chunks computed on the workers, handed here in input order.
        OrderedChunks.Run(chunker, first, maxDegreeOfParallelism,
            chunk => workers.Value!.Process(chunk, recycled.TryDequeue(out var r) ? r : null),
            result =>
            {
                var book = result.Book!;
                counts.RowsRead += book.Rows;
                counts.BlankLines += book.BlankLines;
                counts.RowsRejected += book.RejectedRows + result.ProvisionRejected;
                counts.RowsValued += book.Valid - result.ProvisionRejected;
                foreach (var (issue, loanId) in result.Issues)
                {
                    counts.AddIssue(issue);
                    if (rejectedLines is not null)
                    {
                        rejectedLines.Add(issue.Line);
                        reject?.Invoke(issue, loanId);
                    }
                }

                if (rejectedLines is null)
                {
                    for (int v = 0; v < book.Valid; v++)
                    {
                        if (!ids.Add(book.IdHash[v]))
                        {
                            // Settled after the pass: a true repeat or two identifiers sharing a hash.
                            candidates.Add((book.Chunk.Lines[book.Record[v]], book.IdHash[v]));
                        }
                    }
                }
                else
                {
                    // Only valued rows claim an identifier; a later valid row with a claimed hash is withheld until settled.
                    HashSet<int>? withheld = null;
                    for (int v = 0; v < book.Valid; v++)
                    {
                        int r = book.Record[v];
                        long line = book.Chunk.Lines[r];
                        if ((result.Issues.Count > 0 && rejectedLines.Contains(line)) || ids.Add(book.IdHash[v]))
                        {
                            continue;
                        }

                        (withheld ??= []).Add(v);
                        int start = r == 0 ? 0 : book.Chunk.RecordEnds[r - 1];
                        withheldRows.Add(new Withheld(line, book.IdHash[v], book.Chunk.Data[start..book.Chunk.RecordEnds[r]]));
                    }

                    if (withheld is not null)
                    {
                        counts.RowsValued -= withheld.Count;
                        counts.RowsRejected += withheld.Count; // provisionally: restored for a mere hash collision
                        // Recomputed on the workers, so that repeats spread over the book do not serialise the run;
                        // written in order below.
                        var again = result;
                        var set = withheld;
                        pending.Enqueue((Task.Factory.StartNew(
                            () =>
                            {
                                workers.Value!.Recompute(again.Book!.Chunk, again, set);
                                return again;
                            },
                            CancellationToken.None, TaskCreationOptions.None, scheduler), true));
                        Drain(window);
                        return;
                    }
                }

                pending.Enqueue((Task.FromResult(result), skipInvalid || counts.IssueCount == 0));
                Drain(window);
            });

        Drain(0);
        if (chunker.EndedInQuotes)
        {
            var issue = new DataIssue(0, "", "", "the file ends inside a quoted field (a closing quote is missing)");
            counts.AddIssue(issue);
            if (skipInvalid)
            {
                reject?.Invoke(issue, "");
            }
        }

        counts.InputSha256 = chunker.Sha256();
        if (candidates.Count > 0)
        {
            ResolveCandidates(path, schema, candidates, counts);
        }

        if (withheldRows.Count > 0)
        {
            SettleWithheld(path, schema, withheldRows, rejectedLines!, counts, factory(), consume, reject);
        }

        return counts;
    }

    /// <summary>A valid row withheld because its identifier hash was claimed by an earlier valued row: its line, hash and record bytes.</summary>
    private sealed record Withheld(long Line, ulong Hash, byte[] Record);

    /// <summary>
    /// Settles the withheld rows (--skip-invalid) by reading the identifiers again: a true repeat of the first valued
    /// occurrence is rejected naming its line; a row whose identifier merely shares a hash is valued now and handed to
    /// <paramref name="consume"/> (so it comes last in loans.csv).
    /// </summary>
    private static void SettleWithheld<T>(string path, LoanBookSchema schema, List<Withheld> withheld, HashSet<long> rejectedLines,
        PipelineCounts counts, ProvisionChunkWorker<T> worker, Action<T, bool> consume, Action<DataIssue, string>? reject)
        where T : ProvisionChunk
    {
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (line, id) in LoanIdScan.Matching(path, schema, withheld.Select(w => w.Hash).ToHashSet(), RecordsPerChunk))
        {
            if (!rejectedLines.Contains(line))
            {
                firstLine.TryAdd(id, line);
            }
        }

        var splitRow = new CsvRecordSplitter(schema.Format.Delimiter);
        foreach (var w in withheld)
        {
            var single = new CsvChunk(-1, w.Record, w.Record.Length, [w.Record.Length], [w.Line], 1);
            splitRow.Split(single.Data, 0, single.Record(0).Length);
            string id = Encoding.UTF8.GetString(splitRow.Value(schema.LoanId));
            long first = firstLine[id];
            if (first < w.Line)
            {
                var issue = new DataIssue(w.Line, schema.Name(schema.LoanId), id, $"duplicates the loan_id of line {first}");
                counts.AddIssue(issue);
                reject?.Invoke(issue, id);
                continue;
            }

            // Distinct identifiers sharing a hash: value the row now.
            var result = worker.Process(single, null);
            counts.RowsRejected--;
            counts.RowsValued++;
            consume(result, true);
        }
    }

    /// <summary>Settles repeated identifier hashes by reading the identifiers again: a true repeat is an issue naming the first line; distinct identifiers sharing a hash are fine.</summary>
    private static void ResolveCandidates(string path, LoanBookSchema schema, List<(long Line, ulong Hash)> candidates, PipelineCounts counts)
    {
        var lines = candidates.Select(c => c.Line).ToHashSet();
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (line, id) in LoanIdScan.Matching(path, schema, candidates.Select(c => c.Hash).ToHashSet(), RecordsPerChunk))
        {
            if (!firstLine.TryAdd(id, line) && lines.Contains(line))
            {
                counts.AddIssue(new DataIssue(line, schema.Name(schema.LoanId), id, $"duplicates the loan_id of line {firstLine[id]}"));
                counts.RowsValued--;
                counts.RowsRejected++;
            }
        }
    }
}
