using System.Globalization;
using System.Text;
using FluentAssertions;
using ValueCore.IO;
using ValueCore.IO.Csv;
using Xunit;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Csv;

public class NumberTextTests
{
    [Theory]
    [InlineData("0", true)]
    [InlineData("1", true)]
    [InlineData("12431.53", true)]
    [InlineData("0.026392", true)]
    [InlineData("0.0001", true)]                 // 1E-04 is written plain by "R"
    [InlineData("0.00001", false)]               // "R" writes 1E-05
    [InlineData("123456789012345", true)]        // 15 significant digits
    [InlineData("1234567890123456", false)]      // 16: the double may print differently
    [InlineData("10000000000000000", true)]      // 1E+16 is still plain
    [InlineData("100000000000000000", false)]    // "R" writes 1E+17
    [InlineData("0.123456789012345", true)]
    [InlineData("0.1234567890123456", false)]
    [InlineData("1.50", false)]
    [InlineData("01", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1e5", false)]
    [InlineData("-1", false)]
    [InlineData("+1", false)]
    [InlineData("", false)]
    public void IsCanonical_Examples(string text, bool expected) =>
        NumberText.IsCanonical(Encoding.ASCII.GetBytes(text)).Should().Be(expected);

    [Fact]
    public void IsCanonical_RandomDecimals_OnlyWhenWritingTheParsedValueGivesTheSameText()
    {
        // Invariant behind copying input numbers to loans.csv: a text called canonical is byte for byte what the
        // shortest round-trip formatter (checked elsewhere against the BCL's "R") writes for its parsed value.
        var random = new Random(42);
        Span<byte> buffer = stackalloc byte[NumberText.MaxLength];
        int canonical = 0;
        for (int trial = 0; trial < 200_000; trial++)
        {
            string integer = random.Next(3) == 0 ? "0" : random.NextInt64(1, (long)Math.Pow(10, random.Next(1, 19))).ToString(CultureInfo.InvariantCulture);
            string fraction = random.Next(4) == 0 ? "" : "." + new string('0', random.Next(0, 6)) + random.NextInt64(0, (long)Math.Pow(10, random.Next(1, 17))).ToString(CultureInfo.InvariantCulture);
            var text = Encoding.ASCII.GetBytes(integer + fraction);
            if (!NumberText.IsCanonical(text))
            {
                continue;
            }

            canonical++;
            NumberText.TryParse(text, out double value).Should().BeTrue();
            int n = NumberText.Write(value, buffer);
            Encoding.ASCII.GetString(buffer[..n]).Should().Be(Encoding.ASCII.GetString(text));
        }

        canonical.Should().BeGreaterThan(20_000, "the generator must exercise the accepted cases");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("0.0")]
    [InlineData("0.")]
    [InlineData(".5")]
    [InlineData("-0")]
    [InlineData("+1")]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("1.5")]
    [InlineData("1.50")]
    [InlineData("01.5")]
    [InlineData("12431.53")]
    [InlineData("0.026392")]
    [InlineData("0.0001")]
    [InlineData("0.00010")]
    [InlineData("0.00001")]
    [InlineData("0.00012345678901")]
    [InlineData("0.000123456789012")]
    [InlineData("0.0000123456789")]
    [InlineData("0.12345678901234")]
    [InlineData("0.123456789012345")]
    [InlineData("0.1234567890123456")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123450")]
    [InlineData("1234567890123456")]
    [InlineData("10000000000000000")]
    [InlineData("100000000000000000")]
    [InlineData("12345678901234.5")]
    [InlineData("123456789012345.6")]
    [InlineData("1e5")]
    [InlineData("1.5e-3")]
    [InlineData("-12431.53")]
    [InlineData("1,5")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    public void TryParseWithCanonical_Examples_AgreeWithTryParseAndIsCanonical(string text) =>
        AssertAgrees(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void TryParseWithCanonical_RandomTexts_AgreeWithTryParseAndIsCanonical()
    {
        // Signs, leading and trailing zeros, points anywhere (or none, or two), exponents and junk bytes, lengths 1
        // to 20: the fused scan must give the same value, the same acceptance and the same canonical verdict.
        var random = new Random(15);
        int canonical = 0;
        for (int trial = 0; trial < 300_000; trial++)
        {
            int length = random.Next(1, 21);
            var text = new byte[length];
            for (int i = 0; i < length; i++)
            {
                text[i] = (byte)('0' + random.Next(10));
            }

            if (random.Next(3) == 0)
            {
                text.AsSpan(0, random.Next(length + 1)).Fill((byte)'0');
            }

            if (random.Next(3) == 0)
            {
                text.AsSpan(random.Next(length + 1)).Fill((byte)'0');
            }

            for (int points = random.Next(4) == 0 ? 0 : 1 + (random.Next(20) == 0 ? 1 : 0); points > 0; points--)
            {
                text[random.Next(length)] = (byte)'.';
            }

            switch (random.Next(40))
            {
                case 0:
                    text[0] = (byte)'-';
                    break;
                case 1:
                    text[0] = (byte)'+';
                    break;
                case 2:
                    text[random.Next(length)] = (byte)'e';
                    break;
                case 3:
                    text[random.Next(length)] = (byte)"/:, x"[random.Next(5)];
                    break;
                default:
                    break;
            }

            canonical += AssertAgrees(text) ? 1 : 0;
        }

        canonical.Should().BeGreaterThan(30_000, "the generator must exercise the canonical cases");
    }

    private static bool AssertAgrees(byte[] text)
    {
        string shown = Encoding.ASCII.GetString(text);
        bool parsed = NumberText.TryParse(text, out double expected);
        bool expectedCanonical = parsed && NumberText.IsCanonical(text);

        NumberText.TryParse(text, out double value, out bool canonical).Should().Be(parsed, shown);
        canonical.Should().Be(expectedCanonical, shown);
        if (parsed)
        {
            BitConverter.DoubleToInt64Bits(value).Should().Be(BitConverter.DoubleToInt64Bits(expected), shown);
        }

        return canonical;
    }

    [Fact]
    public void CsvTextNumber_RandomValues_IsTheBclRoundTripTextAndAppendsTheSame()
    {
        // CsvText.Number now uses the batch formatter: for every value but 2^-25 and 2^-958 (where .NET 10's "R" is
        // not shortest round-trip, see Utf8DoubleFormatterTests) it must be the BCL's "R" text, and AppendNumber the same.
        var random = new Random(11);
        var builder = new StringBuilder();
        for (int trial = 0; trial < 100_000; trial++)
        {
            double value = trial % 2 == 0
                ? BitConverter.Int64BitsToDouble(random.NextInt64())
                : Math.Round(random.NextDouble() * 1e6, random.Next(0, 9)) * (random.Next(2) == 0 ? -1 : 1);
            if (!double.IsFinite(value))
            {
                continue;
            }

            string expected = value.ToString("R", CultureInfo.InvariantCulture);
            CsvText.Number(value).Should().Be(expected);
            builder.Clear();
            CsvText.AppendNumber(builder.Append('x'), value).ToString().Should().Be("x" + expected);
        }

        CsvText.Number(double.NaN).Should().BeEmpty();
        CsvText.AppendNumber(builder.Clear(), double.NaN).ToString().Should().BeEmpty();
        FluentActions.Invoking(() => CsvText.Number(double.PositiveInfinity)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
