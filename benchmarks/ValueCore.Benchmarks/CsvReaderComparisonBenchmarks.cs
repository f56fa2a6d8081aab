using BenchmarkDotNet.Attributes;
using CsvHelper;
using ValueCore.Internal;
using ValueCore.IO;
using ValueCore.IO.Csv;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Benchmarks;

/// <summary>
/// Reading a loan book's nine numeric columns (ead, pd, lgd, maturity, sales, rate, ftp_rate, fees, opex) from a
/// 1M-row sample file: CsvHelper 34's span API (sequential <c>Read</c> + <c>Parse&lt;double&gt;(index)</c>, and
/// <c>ParallelEnumerate</c>) against ValueCore's own chunked reader (<see cref="CsvChunker"/>, the vectorised
/// <see cref="CsvRecordSplitter"/> and the exact <c>Utf8DoubleParser</c>) on the same cores. The result of every method
/// is the same checksum (sum of all values), so they do the same work.
/// </summary>
[MemoryDiagnoser]
public class CsvReaderComparisonBenchmarks
{
    private static readonly int[] s_numericColumns = [5, 6, 7, 8, 9, 10, 11, 12, 13];
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "valuecore-bench-reader-1m.csv");
        if (!File.Exists(_path))
        {
            using var stream = File.Create(_path);
            SampleLoanBook.Write(stream, 1_000_000, 42);
        }
    }

    [Benchmark(Baseline = true)]
    public double CsvHelperSequential()
    {
        double sum = 0;
        using var reader = CsvReader.FromFile(_path, null, FileOptions.SequentialScan);
        while (reader.Read())
        {
            sum += Row(reader);
        }

        return sum;
    }

    [Benchmark]
    public double CsvHelperParallelEnumerate()
    {
        double sum = 0;
        using var reader = CsvReader.FromFile(_path, null, FileOptions.SequentialScan);
        foreach (double row in reader.ParallelEnumerate(Row, -1))
        {
            sum += row;
        }

        return sum;
    }

    [Benchmark]
    public double ValueCoreSequential()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var chunker = new CsvChunker(stream, 8192);
        var splitter = new CsvRecordSplitter();
        double sum = 0;
        for (var chunk = chunker.Next(); chunk is not null; chunk = chunker.Next())
        {
            sum += SumChunk(chunk, splitter);
            chunk.ReturnData();
        }

        return sum;
    }

    [Benchmark]
    public double ValueCoreChunkedParallel()
    {
        // As the batch does it: one thread reads and cuts chunks, each chunk is parsed on the thread pool as soon as
        // it is cut, and the sums are added in chunk order.
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var chunker = new CsvChunker(stream, 8192);
        var parts = new List<Task<double>>();
        for (var chunk = chunker.Next(); chunk is not null; chunk = chunker.Next())
        {
            var mine = chunk;
            parts.Add(Task.Run(() =>
            {
                double sum = SumChunk(mine, new CsvRecordSplitter());
                mine.ReturnData();
                return sum;
            }));
        }

        double total = 0;
        foreach (var part in parts)
        {
            total += part.Result;
        }

        return total;
    }

    private static double SumChunk(CsvChunk chunk, CsvRecordSplitter splitter)
    {
        double sum = 0;
        for (int r = chunk.Index == 0 ? 1 : 0; r < chunk.Count; r++)
        {
            int start = r == 0 ? 0 : chunk.RecordEnds[r - 1];
            splitter.Split(chunk.Data, start, chunk.Record(r).Length);
            foreach (int f in s_numericColumns)
            {
                var text = splitter.Value(f);
                if (!text.IsEmpty && Utf8DoubleParser.TryParse(text, out double value))
                {
                    sum += value;
                }
            }
        }

        return sum;
    }

    private static double Row(CsvReader reader)
    {
        double sum = 0;
        foreach (int f in s_numericColumns)
        {
            if (!reader.GetSpan(f).IsEmpty)
            {
                sum += reader.Parse<double>(f);
            }
        }

        return sum;
    }
}
