using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using ValueCore.IO.Csv;
using Xunit;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Csv;

public class CsvChunkerTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(5, 64)]
    [InlineData(64, 100)]
    [InlineData(8192, 1 << 21)]
    public void Next_AnySplit_GivesTheReferenceRecordsLinesAndBytes(int recordsPerChunk, int bufferSize)
    {
        // Invariant: whatever the chunk and buffer sizes (buffers far smaller than a record grow; chunks are handed
        // their buffer and the bytes read past their last record move to the next), the chunks hold exactly the
        // records a plain byte-by-byte reference split gives: same bytes, same first lines, in order, and the hash
        // is the SHA-256 of the whole input. Chunks go back to the pool at once, so reused buffers are exercised.
        var text = RandomCsv(new Random(recordsPerChunk + bufferSize), records: 3_000);
        var expected = ReferenceSplit(text);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunker = new CsvChunker(new MemoryStream(text), recordsPerChunk, hash, bufferSize);
        var records = new List<(long Line, string Record)>();
        long index = 0;
        for (var chunk = chunker.Next(); chunk is not null; chunk = chunker.Next())
        {
            chunk.Index.Should().Be(index++);
            chunk.Count.Should().BeInRange(1, recordsPerChunk);
            int start = 0;
            for (int r = 0; r < chunk.Count; r++)
            {
                int end = chunk.RecordEnds[r];
                records.Add((chunk.Lines[r], Encoding.UTF8.GetString(chunk.Data, start, end - start)));
                start = end;
            }

            start.Should().Be(chunk.Length);
            chunk.ReturnData();
        }

        records.Should().Equal(expected);
        chunker.BytesRead.Should().Be(text.Length);
        chunker.EndedInQuotes.Should().BeFalse();
        chunker.Sha256().Should().Be(Convert.ToHexStringLower(SHA256.HashData(text)));
    }

    [Fact]
    public void Next_UnclosedQuote_EndsInQuotesWithTheRestAsOneRecord()
    {
        var text = "a,b\n1,\"open\nstill open\n"u8.ToArray();
        var chunker = new CsvChunker(new MemoryStream(text), 8192, null, 4);
        var chunk = chunker.Next()!;
        chunk.Count.Should().Be(2);
        chunk.Lines.AsSpan(0, 2).ToArray().Should().Equal(1L, 2L);
        chunk.Length.Should().Be(text.Length);
        chunker.Next().Should().BeNull();
        chunker.EndedInQuotes.Should().BeTrue();
    }

    /// <summary>Records of 1-6 fields: plain, quoted with commas, doubled quotes and line breaks, CRLF ends, blank lines; the last line may lack its end.</summary>
    private static byte[] RandomCsv(Random random, int records)
    {
        var sb = new StringBuilder();
        for (int r = 0; r < records; r++)
        {
            int fields = random.Next(1, 7);
            for (int f = 0; f < fields; f++)
            {
                if (f > 0)
                {
                    sb.Append(',');
                }

                switch (random.Next(4))
                {
                    case 0:
                        sb.Append('"').Append("x,\"\"y").Append('\n', random.Next(3)).Append("z\"");
                        break;
                    case 1:
                        sb.Append('"').Append('"');
                        break;
                    default:
                        sb.Append(new string('v', random.Next(0, 40))).Append(r);
                        break;
                }
            }

            sb.Append(random.Next(5) == 0 ? "\r\n" : "\n");
            if (random.Next(20) == 0)
            {
                sb.Append('\n'); // a blank line is a record of its own
            }
        }

        sb.Append("last,line,without,end");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The records (each with its line end) and the physical line each starts on, by a byte-by-byte scan.</summary>
    private static List<(long Line, string Record)> ReferenceSplit(byte[] text)
    {
        var result = new List<(long, string)>();
        bool quoted = false;
        long line = 1, recordLine = 1;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (text[i] == (byte)'\n')
            {
                line++;
                if (!quoted)
                {
                    result.Add((recordLine, Encoding.UTF8.GetString(text, start, i + 1 - start)));
                    start = i + 1;
                    recordLine = line;
                }
            }
        }

        if (start < text.Length)
        {
            result.Add((recordLine, Encoding.UTF8.GetString(text, start, text.Length - start)));
        }

        return result;
    }
}
