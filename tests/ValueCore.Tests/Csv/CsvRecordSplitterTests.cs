using System.Text;
using FluentAssertions;
using ValueCore.IO.Csv;
using Xunit;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Csv;

public class CsvRecordSplitterTests
{
    [Theory]
    [InlineData("", new[] { "" })]
    [InlineData("a", new[] { "a" })]
    [InlineData(",", new[] { "", "" })]
    [InlineData("a,b,", new[] { "a", "b", "" })]
    [InlineData("L0000000001,C000000002,retail_south,mortgage,retail_mortgage,138322.43,0.010903,0.2299,24.44,,0.045906",
        new[] { "L0000000001", "C000000002", "retail_south", "mortgage", "retail_mortgage", "138322.43", "0.010903", "0.2299", "24.44", "", "0.045906" })]
    [InlineData("0123456789abcde,0123456789abcdef,x", new[] { "0123456789abcde", "0123456789abcdef", "x" })]
    [InlineData("\"a,b\",c", new[] { "a,b", "c" })]
    [InlineData("x,\"say \"\"hi\"\"\",", new[] { "x", "say \"hi\"", "" })]
    [InlineData("0123456789abcdef0123456789,\"q\"", new[] { "0123456789abcdef0123456789", "q" })]
    public void Split_KnownRecords_GivesTheRfc4180Fields(string record, string[] expected)
    {
        var splitter = new CsvRecordSplitter();
        var bytes = Encoding.UTF8.GetBytes(record);

        splitter.Split(bytes, 0, bytes.Length);

        splitter.Error.Should().BeNull();
        Fields(splitter).Should().Equal(expected);
    }

    [Fact]
    public void Split_RandomRecords_MatchesACharacterByCharacterReference()
    {
        // Invariant: the vectorised path (no quotes) and the quoted path agree with a plain reading of RFC 4180,
        // for records of every length around the 16-byte blocks, inside a larger buffer at an odd offset.
        var random = new Random(20261129);
        var splitter = new CsvRecordSplitter();
        const string Alphabet = "ab,,,xyz0123456789.";
        for (int trial = 0; trial < 5000; trial++)
        {
            int fields = random.Next(1, 40);
            var parts = new List<string>();
            for (int f = 0; f < fields; f++)
            {
                var text = new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).Where(c => c != ',').ToArray());
                bool quote = random.Next(10) == 0;
                if (quote)
                {
                    text = text.Insert(text.Length / 2, random.Next(2) == 0 ? "," : "\"");
                }

                parts.Add(text);
            }

            string record = string.Join(',', parts.Select(p => p.Contains(',') || p.Contains('"') ? "\"" + p.Replace("\"", "\"\"") + "\"" : p));
            var bytes = Encoding.UTF8.GetBytes("zz" + record + "\nyy");

            splitter.Split(bytes, 2, bytes.Length - 5);

            splitter.Error.Should().BeNull(record);
            Fields(splitter).Should().Equal(parts, record);
            for (int f = 0; f < splitter.Count; f++)
            {
                string raw = Encoding.UTF8.GetString(splitter.Raw(f));
                raw.Should().Be(parts[f].Contains(',') || parts[f].Contains('"') ? "\"" + parts[f].Replace("\"", "\"\"") + "\"" : parts[f], record);
            }
        }
    }

    [Fact]
    public void Split_PlainRecordFollowedByQuotesAndCommas_IgnoresTheBytesAfterIt()
    {
        // The plain path reads whole 32-byte blocks past the record's end when the array holds them: whatever
        // follows (here quotes and commas, which would change the fields) must be masked off, for every record
        // length and every amount of slack after it, down to a record that ends the array.
        var splitter = new CsvRecordSplitter();
        for (int length = 0; length <= 100; length++)
        {
            var record = new string(Enumerable.Range(0, length).Select(k => k % 7 == 3 ? ',' : (char)('a' + (k % 26))).ToArray());
            var expected = record.Split(',');
            for (int slack = 0; slack <= 40; slack++)
            {
                var bytes = Encoding.UTF8.GetBytes("q" + record + new string('"', slack / 2) + new string(',', slack - (slack / 2)));

                splitter.Split(bytes, 1, length);

                splitter.Error.Should().BeNull();
                Fields(splitter).Should().Equal(expected, $"length {length}, slack {slack}");
            }
        }
    }

    [Theory]
    [InlineData("a,\"b", "has a quoted field without its closing quote")]
    [InlineData("a,\"b\"c,d", "has text after a closing quote (quotes inside a field must be doubled)")]
    [InlineData("0123456789abcdef0123,b\"c", "has a quote inside an unquoted field")]
    public void Split_MalformedQuotes_ReportsTheRule(string record, string error)
    {
        var splitter = new CsvRecordSplitter();
        var bytes = Encoding.UTF8.GetBytes(record);

        splitter.Split(bytes, 0, bytes.Length);

        splitter.Error.Should().Be(error);
    }

    private static List<string> Fields(CsvRecordSplitter splitter) =>
        Enumerable.Range(0, splitter.Count).Select(f => Encoding.UTF8.GetString(splitter.Value(f))).ToList();
}
