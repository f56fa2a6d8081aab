using System.Globalization;
using System.Numerics;
using System.Text;
using ValueCore.Internal;

namespace ValueCore.Tests;

/// <summary>
/// <see cref="Utf8DoubleParser"/> accepts only [+-]?(digits[.digits*]|.digits)([eE][+-]?digits)? and, for those,
/// must agree bit for bit with <c>double.Parse(text, NumberStyles.Float, InvariantCulture)</c>.
/// </summary>
public class Utf8DoubleParserTests
{
    private const int MaxReported = 20;

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1 000")]
    [InlineData("\t1")]
    [InlineData("1\n")]
    [InlineData("- 1")]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("-NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("+Infinity")]
    [InlineData("infinity")]
    [InlineData("∞")]
    [InlineData("-∞")]
    [InlineData("1,5")]
    [InlineData("1,000")]
    [InlineData("1,000.5")]
    [InlineData("1'000")]
    [InlineData("1_000")]
    [InlineData("0x1A")]
    [InlineData("0x1p3")]
    [InlineData("0X10")]
    [InlineData("&H10")]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("+.")]
    [InlineData("-.")]
    [InlineData("..5")]
    [InlineData("1..5")]
    [InlineData("1.5.")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("1E")]
    [InlineData("1e+")]
    [InlineData("1e-")]
    [InlineData("1e++5")]
    [InlineData("1e5.5")]
    [InlineData("1e5e5")]
    [InlineData("e5")]
    [InlineData("E5")]
    [InlineData(".e5")]
    [InlineData("-e5")]
    [InlineData("++1")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("1-")]
    [InlineData("1+")]
    [InlineData("1.5x")]
    [InlineData("1.5e5x")]
    [InlineData("12a")]
    [InlineData("1d")]
    [InlineData("1f")]
    [InlineData("1%")]
    [InlineData("$1")]
    [InlineData("(1)")]
    [InlineData("1\0")]
    [InlineData("١٢")]
    [InlineData("１")]
    public void TryParse_RejectedForm_ReturnsFalse(string text)
    {
        Utf8DoubleParser.TryParse(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("-0")]
    [InlineData("+0")]
    [InlineData("0")]
    [InlineData("000")]
    [InlineData("007")]
    [InlineData("-.5")]
    [InlineData("+5.")]
    [InlineData("5.e3")]
    [InlineData("1E+3")]
    [InlineData("1e-3")]
    [InlineData("1e3")]
    [InlineData("1E0003")]
    [InlineData("0.0")]
    [InlineData("-0.0e-7")]
    [InlineData("0e999999999999")]
    [InlineData("1234567.89")]
    [InlineData("0.004512")]
    [InlineData("0.45")]
    [InlineData("3.25")]
    [InlineData("9007199254740992")]
    [InlineData("9007199254740993")]
    [InlineData("9007199254740993.0000000000000000000001")]
    [InlineData("18014398509481985")]
    [InlineData("1e22")]
    [InlineData("1e23")]
    [InlineData("123e30")]
    [InlineData("9007199254740992e22")]
    [InlineData("9007199254740991e-22")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("12345678901234567890")]
    [InlineData("1234567890123456789012345678901234567890")]
    [InlineData("0.000000000000000000000000000000000000001")]
    [InlineData("1.00000000000000000000000000000000000000000000000000")]
    [InlineData("1.7976931348623157E+308")]
    [InlineData("1.7976931348623158E+308")]
    [InlineData("1.7976931348623159E+308")]
    [InlineData("1e308")]
    [InlineData("1e309")]
    [InlineData("-1e309")]
    [InlineData("1e99999999999999999999")]
    [InlineData("2.2250738585072011e-308")]
    [InlineData("2.2250738585072014E-308")]
    [InlineData("4.9406564584124654E-324")]
    [InlineData("5e-324")]
    [InlineData("2.4703282292062327e-324")]
    [InlineData("2.4703282292062328e-324")]
    [InlineData("1e-324")]
    [InlineData("-1e-400")]
    [InlineData("1e-99999999999999999999")]
    public void TryParse_AcceptedForm_MatchesDoubleParse(string text)
    {
        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        Utf8DoubleParser.TryParse(Encoding.UTF8.GetBytes(text), out var actual).Should().BeTrue();

        BitConverter.DoubleToInt64Bits(actual).Should().Be(BitConverter.DoubleToInt64Bits(expected));
    }

    [Fact]
    public void TryParse_HugeExponentOffsetByManyDigits_MatchesDoubleParse()
    {
        // 100001 zeros after the point, then "1e100005": 1e3, although the exponent alone would overflow.
        var text = "0." + new string('0', 100_001) + "1e100005";
        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        Utf8DoubleParser.TryParse(Encoding.ASCII.GetBytes(text), out var actual).Should().BeTrue();

        actual.Should().Be(expected).And.Be(1e3);
        Utf8DoubleParser.TryParse(Encoding.ASCII.GetBytes("1" + new string('0', 200_000) + "e-200000"), out var one).Should().BeTrue();
        one.Should().Be(1.0);
    }

    [Fact]
    public void TryParse_NegativeZero_ReturnsNegativeZero()
    {
        Utf8DoubleParser.TryParse("-0"u8, out var value).Should().BeTrue();
        double.IsNegative(value).Should().BeTrue();
        value.Should().Be(0.0);
    }

    [Fact]
    public void TryParse_OverflowAndUnderflow_ReturnsTrueWithInfinityOrZero()
    {
        Utf8DoubleParser.TryParse("1e400"u8, out var huge).Should().BeTrue();
        double.IsPositiveInfinity(huge).Should().BeTrue();

        Utf8DoubleParser.TryParse("-1e400"u8, out var negativeHuge).Should().BeTrue();
        double.IsNegativeInfinity(negativeHuge).Should().BeTrue();

        Utf8DoubleParser.TryParse("1e-400"u8, out var tiny).Should().BeTrue();
        BitConverter.DoubleToInt64Bits(tiny).Should().Be(0);

        Utf8DoubleParser.TryParse("3e-324"u8, out var subnormal).Should().BeTrue();
        subnormal.Should().Be(double.Epsilon);
    }

    [Fact]
    public void TryParse_LoanBookNumbers_MatchDoubleParse()
    {
        var random = new Random(42);
        var mismatches = new List<string>();
        for (var n = 0; n < 100_000; n++)
        {
            var integerDigits = random.Next(0, 10);
            var fractionDigits = random.Next(0, 7);
            var builder = new StringBuilder();
            builder.Append(Digits(random, integerDigits == 0 ? 1 : integerDigits));
            if (fractionDigits > 0)
            {
                builder.Append('.').Append(Digits(random, fractionDigits));
            }

            Check(builder.ToString(), mismatches);
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_RandomShapes_MatchDoubleParse()
    {
        var random = new Random(1990);
        var mismatches = new List<string>();
        for (var n = 0; n < 120_000; n++)
        {
            Check(RandomNumberText(random), mismatches);
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_RoundTripTextOfRandomDoubles_MatchesDoubleParse()
    {
        var random = new Random(2018);
        Span<byte> raw = stackalloc byte[8];
        var mismatches = new List<string>();
        for (var n = 0; n < 60_000; n++)
        {
            random.NextBytes(raw);
            var value = BitConverter.ToDouble(raw);
            if (!double.IsFinite(value))
            {
                continue;
            }

            Check(value.ToString("R", CultureInfo.InvariantCulture), mismatches);
            Check(value.ToString("E20", CultureInfo.InvariantCulture), mismatches);
            var scaled = value * Math.Pow(10, -Math.Floor(Math.Log10(Math.Abs(value))) + random.Next(-6, 10));
            if (double.IsFinite(scaled))
            {
                Check(scaled.ToString("R", CultureInfo.InvariantCulture), mismatches);
            }
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_HalfWayBetweenDoubles_MatchesDoubleParse()
    {
        // The exact midpoint of two neighbouring doubles, (2m + 1) x 2^(e-1), written exactly as
        // (2m + 1) x 5^k e-k, then cut to 17..25 digits (just below it) and bumped in the last digit (just above):
        // the hard cases for rounding.
        var random = new Random(5);
        var mismatches = new List<string>();
        for (var n = 0; n < 5_000; n++)
        {
            var biasedExponent = n % 2 == 0 ? random.Next(1023 - 70, 1023 + 70) : random.Next(0, 2046);
            var mantissa = random.NextInt64(0, 1L << 52);
            var significand = biasedExponent == 0 ? mantissa : mantissa | (1L << 52);
            var binaryExponent = Math.Max(biasedExponent, 1) - 1075;
            var odd = (2 * new BigInteger(significand)) + 1; // midpoint = odd x 2^(binaryExponent - 1)
            var power = binaryExponent - 1;
            string digits;
            int decimalExponent;
            if (power >= 0)
            {
                digits = (odd << power).ToString(CultureInfo.InvariantCulture);
                decimalExponent = 0;
            }
            else
            {
                digits = (odd * BigInteger.Pow(5, -power)).ToString(CultureInfo.InvariantCulture);
                decimalExponent = power;
            }

            Check(Invariant($"{digits}e{decimalExponent}"), mismatches);
            foreach (var keep in new[] { 16, 17, 18, 19, 20, 25 })
            {
                if (digits.Length <= keep)
                {
                    continue;
                }

                var cut = digits[..keep];
                var exponent = decimalExponent + digits.Length - keep;
                Check(Invariant($"{cut}e{exponent}"), mismatches);
                var bumped = (BigInteger.Parse(cut, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                Check(Invariant($"{bumped}e{exponent}"), mismatches);
                Check(Invariant($"{cut[..1]}.{cut[1..]}e{exponent + keep - 1}"), mismatches);
            }
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_LongMantissasAcrossAllExponents_MatchDoubleParse()
    {
        // 15 to 21 significant digits (past 19 the mantissa is cut and bracketed) with every decimal exponent from
        // below the subnormals to past overflow.
        var random = new Random(2021);
        var mismatches = new List<string>();
        for (var exponent = -370; exponent <= 330; exponent++)
        {
            for (var n = 0; n < 40; n++)
            {
                var digits = Digits(random, random.Next(15, 22));
                digits = digits[0] == '0' ? "1" + digits[1..] : digits;
                Check(Invariant($"{digits}e{exponent}"), mismatches);
                Check(Invariant($"{digits[..1]}.{digits[1..]}e{exponent}"), mismatches);
            }
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_IntegersHalfWayBetweenDoubles_RoundHalfToEven()
    {
        // Above 2^53 neighbouring doubles are 2^s apart; D x 10^t with exactly s - 1 factors of two is half-way.
        // Written as "D" and "De{t}", these are exact ties (up to 19 digits the product is exact).
        var random = new Random(1994);
        var mismatches = new List<string>();
        for (var s = 1; s <= 40; s++)
        {
            for (var n = 0; n < 100; n++)
            {
                var t = random.Next(0, Math.Min(s, 28));
                var scale = BigInteger.Pow(10, t);
                var low = (BigInteger.One << (52 + s)) / scale;
                var high = (BigInteger.One << (53 + s)) / scale;
                var d = low + new BigInteger(random.NextDouble() * (double)(high - low));
                d = ((d >> (s - t)) << (s - t)) | (BigInteger.One << (s - 1 - t));
                Check(Invariant($"{d}e{t}"), mismatches);
                Check((d * scale).ToString(CultureInfo.InvariantCulture), mismatches);
                Check(Invariant($"{d + 1}e{t}"), mismatches);
                Check(Invariant($"{d - 1}e{t}"), mismatches);
            }
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_PlainDecimalsOfEveryLengthAndPointPosition_MatchDoubleParse()
    {
        // The word-at-a-time path takes up to 16 bytes after the sign; lengths 1 to 20 cover it, both of its word
        // layouts and the general path past it. Every point position (and none), random signs, leading zeros, zero
        // runs and all-nine runs; each text is written at the very end of its own array.
        var random = new Random(16);
        var mismatches = new List<string>();
        var checkedTexts = 0;
        for (var length = 1; length <= 20; length++)
        {
            for (var point = -1; point < length; point++)
            {
                for (var n = 0; n < ShapeSamples; n++)
                {
                    var sign = random.Next(4) switch { 0 => "-", 1 => "+", _ => "" };
                    var text = new byte[sign.Length + length];
                    Encoding.ASCII.GetBytes(sign, text);
                    FillDigits(random, text.AsSpan(sign.Length), n % 8);
                    if (point >= 0)
                    {
                        text[sign.Length + point] = (byte)'.';
                    }

                    CheckBytes(text, mismatches);
                    checkedTexts++;
                }
            }
        }

        mismatches.Should().BeEmpty();
        checkedTexts.Should().BeGreaterThan(2_000_000);
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("123.456")]
    [InlineData("0.12345")]
    [InlineData("12345678")]
    [InlineData("12431.53")]
    [InlineData("0.026392")]
    [InlineData("1234567.")]
    [InlineData(".1234567")]
    [InlineData("-1234567")]
    [InlineData("+0.12345")]
    [InlineData("123456789")]
    [InlineData("1234567.8")]
    [InlineData("1.2345678")]
    [InlineData("12345678.")]
    [InlineData(".12345678")]
    [InlineData("-12345678")]
    [InlineData("123456789012345")]
    [InlineData("0.1234567890123")]
    [InlineData("1234567.8901234")]
    [InlineData("1234567890123456")]
    [InlineData("9007199254740993")]
    [InlineData("9999999999999999")]
    [InlineData("1234567.89012345")]
    [InlineData("0.12345678901234")]
    [InlineData("12345678.9012345")]
    [InlineData("123456789012345.")]
    [InlineData(".123456789012345")]
    [InlineData("-123456789012345")]
    [InlineData("0000000000000000")]
    [InlineData("-0.00000000000000")]
    [InlineData("12345678901234567")]
    [InlineData("1234567890123456.")]
    [InlineData("-1234567890123456")]
    [InlineData("+9007199254740993")]
    [InlineData("0.123456789012345")]
    public void TryParse_Lengths7To17AtTheEndOfTheBuffer_MatchDoubleParse(string text)
    {
        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var bytes = Encoding.ASCII.GetBytes(text);

        Utf8DoubleParser.TryParse(bytes, out var atArrayEnd).Should().BeTrue();
        BitConverter.DoubleToInt64Bits(atArrayEnd).Should().Be(BitConverter.DoubleToInt64Bits(expected));

        var inLargerArray = new byte[bytes.Length + 40];
        bytes.CopyTo(inLargerArray, inLargerArray.Length - bytes.Length);
        inLargerArray.AsSpan(0, 40).Fill((byte)'9');
        Utf8DoubleParser.TryParse(inLargerArray.AsSpan(40), out var atSliceEnd).Should().BeTrue();
        BitConverter.DoubleToInt64Bits(atSliceEnd).Should().Be(BitConverter.DoubleToInt64Bits(expected));
    }

    [Fact]
    public void TryParse_TextEndingAtAnUnreadablePage_ReadsNoBytePastTheText()
    {
        // The strongest form of "a span may end at the end of its memory": the byte after the text is the first of
        // a page that faults when read. Any load past the span would crash the test process.
        if (!OperatingSystem.IsLinux())
        {
            return; // mmap/mprotect constants below are Linux's; other systems rely on the array-end tests.
        }

        using var page = GuardedPage.Create();
        var random = new Random(4096);
        var mismatches = new List<string>();
        for (var length = 1; length <= 20; length++)
        {
            for (var point = -1; point < length; point++)
            {
                for (var n = 0; n < 50; n++)
                {
                    var text = page.Tail(length);
                    FillDigits(random, text, n % 8);
                    if (point >= 0)
                    {
                        text[point] = (byte)'.';
                    }

                    if (n % 5 == 0)
                    {
                        text[0] = (byte)'-';
                    }

                    CheckBytes(text, mismatches);
                }
            }
        }

        foreach (var rejected in new[] { "1,5", "1e", "+", ".", "--1", "12345678x", "1234567890123456 " })
        {
            var text = page.Tail(rejected.Length);
            Encoding.ASCII.GetBytes(rejected, text);
            Utf8DoubleParser.TryParse(text, out _).Should().BeFalse(rejected);
        }

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_PlainDecimalWithOneByteReplaced_AcceptsExactlyTheGrammar()
    {
        // Every position of texts of 1 to 18 bytes replaced by bytes next to the digits ('/' and ':'), the other
        // grammar characters, separators, white space, NUL, DEL and bytes >= 0x80 (with the high bit of '.' or of a
        // digit, and 0xFA-0xFF that carry when 6 is added): accepted exactly when a regular expression of the grammar
        // matches, and then equal to double.Parse.
        byte[] replacements =
        [
            0x00, 0x09, 0x20, (byte)'+', (byte)',', (byte)'-', (byte)'.', (byte)'/', (byte)':', (byte)'?', (byte)'E',
            (byte)'e', (byte)'x', (byte)'_', 0x7F, 0x80, 0xAE, 0xB0, 0xB9, 0xD0, 0xE0, 0xF0, 0xFA, 0xFF,
        ];
        var random = new Random(255);
        var mismatches = new List<string>();
        for (var length = 1; length <= 18; length++)
        {
            for (var point = -1; point < length; point++)
            {
                for (var at = 0; at < length; at++)
                {
                    foreach (var replacement in replacements)
                    {
                        var text = new byte[length];
                        FillDigits(random, text, at % 8);
                        if (point >= 0)
                        {
                            text[point] = (byte)'.';
                        }

                        text[at] = replacement;
                        CheckBytes(text, mismatches);
                    }
                }
            }
        }

        mismatches.Should().BeEmpty();
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("1e")]
    [InlineData("--1")]
    [InlineData("-+1")]
    [InlineData("0x10")]
    [InlineData("1.2.3")]
    [InlineData("12345678.9.1")]
    [InlineData("1234567890.12.4")]
    [InlineData("12/4")]
    [InlineData("12:4")]
    [InlineData("1234567/")]
    [InlineData("1234567890123:")]
    [InlineData("1½")]
    [InlineData("0.5€")]
    [InlineData("١٢٣٤٥٦٧٨")]
    public void TryParse_ShortRejectedForm_ReturnsFalse(string text)
    {
        Utf8DoubleParser.TryParse(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
    }

    [Fact]
    public void TryParseFinite_RandomShapes_AgreesWithTryParseAndIsFinite()
    {
        // TryParseFinite skips the finiteness test on the word path: it must still be TryParse && IsFinite exactly.
        var random = new Random(308);
        var overflows = 0;
        for (var n = 0; n < 50_000; n++)
        {
            var text = Encoding.ASCII.GetBytes(RandomNumberText(random));
            var parsed = Utf8DoubleParser.TryParse(text, out var expected);
            var finite = Utf8DoubleParser.TryParseFinite(text, out var actual);
            finite.Should().Be(parsed && double.IsFinite(expected), Encoding.ASCII.GetString(text));
            if (finite)
            {
                BitConverter.DoubleToInt64Bits(actual).Should().Be(BitConverter.DoubleToInt64Bits(expected));
            }

            overflows += parsed && !double.IsFinite(expected) ? 1 : 0;
        }

        overflows.Should().BeGreaterThan(100, "the generator must produce overflowing exponents");
        Utf8DoubleParser.TryParseFinite("1e400"u8, out _).Should().BeFalse();
        Utf8DoubleParser.TryParseFinite("-1e309"u8, out _).Should().BeFalse();
        Utf8DoubleParser.TryParseFinite("-12431.53"u8, out var ordinary).Should().BeTrue();
        ordinary.Should().Be(-12431.53);
    }

    /// <summary>Texts per (length, point) shape in the every-length test: 230 shapes x 9000 = 2.07 million.</summary>
    private const int ShapeSamples = 9_000;

    private static readonly System.Text.RegularExpressions.Regex s_grammar =
        new("\\A[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// ASCII digits into <paramref name="text"/>: uniform (modes 0-3), a run of leading zeros (4), all zeros (5),
    /// all nines (6), trailing zeros (7).
    /// </summary>
    private static void FillDigits(Random random, Span<byte> text, int mode)
    {
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (byte)('0' + random.Next(10));
        }

        switch (mode)
        {
            case 4:
                text[..random.Next(text.Length + 1)].Fill((byte)'0');
                break;
            case 5:
                text.Fill((byte)'0');
                break;
            case 6:
                text.Fill((byte)'9');
                break;
            case 7:
                text[random.Next(text.Length + 1)..].Fill((byte)'0');
                break;
            default:
                break;
        }
    }

    private static void CheckBytes(ReadOnlySpan<byte> text, List<string> mismatches)
    {
        if (mismatches.Count >= MaxReported)
        {
            return;
        }

        var accepted = Utf8DoubleParser.TryParse(text, out var actual);
        var grammar = s_grammar.IsMatch(Encoding.Latin1.GetString(text));
        if (accepted != grammar)
        {
            mismatches.Add($"{Encoding.Latin1.GetString(text)}: accepted {accepted}, grammar {grammar}");
            return;
        }

        if (accepted)
        {
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (BitConverter.DoubleToInt64Bits(actual) != BitConverter.DoubleToInt64Bits(expected))
            {
                mismatches.Add($"{Encoding.ASCII.GetString(text)}: expected {expected:R}, got {actual:R}");
            }
        }
    }

    private static string RandomNumberText(Random random)
    {
        var builder = new StringBuilder();
        switch (random.Next(3))
        {
            case 0:
                break;
            case 1:
                builder.Append('-');
                break;
            default:
                builder.Append('+');
                break;
        }

        var shape = random.Next(4);
        var leadingZeros = random.Next(4) == 0 ? random.Next(1, 25) : 0;
        var integerDigits = shape == 3 ? 0 : random.Next(1, 26);
        builder.Append('0', shape == 3 ? 0 : leadingZeros);
        if (integerDigits > 0)
        {
            builder.Append(Digits(random, integerDigits));
        }

        if (shape >= 1)
        {
            builder.Append('.');
            if (shape == 3)
            {
                builder.Append('0', leadingZeros);
            }

            var fractionDigits = shape == 3 ? random.Next(1, 26) : random.Next(0, 26);
            builder.Append(Digits(random, fractionDigits));
            if (random.Next(4) == 0)
            {
                builder.Append('0', random.Next(1, 30));
            }
        }

        if (random.Next(2) == 0)
        {
            builder.Append(random.Next(2) == 0 ? 'e' : 'E');
            var sign = random.Next(3);
            if (sign > 0)
            {
                builder.Append(sign == 1 ? '-' : '+');
            }

            var exponent = random.Next(5) switch
            {
                0 => random.Next(0, 23),
                1 => random.Next(0, 40),
                2 => random.Next(280, 345),
                3 => random.Next(0, 400),
                _ => random.Next(0, 100_000),
            };
            builder.Append(exponent.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static string Digits(Random random, int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + random.Next(10));
        }

        return new string(chars);
    }

    private static void Check(string text, List<string> mismatches)
    {
        if (mismatches.Count >= MaxReported)
        {
            return;
        }

        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!Utf8DoubleParser.TryParse(Encoding.UTF8.GetBytes(text), out var actual))
        {
            mismatches.Add($"{text}: rejected");
        }
        else if (BitConverter.DoubleToInt64Bits(actual) != BitConverter.DoubleToInt64Bits(expected))
        {
            mismatches.Add($"{text}: expected {expected:R}, got {actual:R}");
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>
/// A read-write page followed by one that faults on any access (Linux mmap + mprotect), so that a parser reading past
/// a text placed at the end of the first page crashes instead of silently reading a neighbour's bytes.
/// </summary>
internal sealed class GuardedPage : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private const int PageSize = 4096;

    private readonly nint _address;

    private GuardedPage(nint address) => _address = address;

    public static GuardedPage Create()
    {
        var address = Mmap(0, 2 * PageSize, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (address == -1)
        {
            throw new InvalidOperationException("mmap failed");
        }

        if (Mprotect(address + PageSize, PageSize, ProtNone) != 0)
        {
            throw new InvalidOperationException("mprotect failed");
        }

        return new GuardedPage(address);
    }

    /// <summary>The last <paramref name="length"/> bytes of the readable page.</summary>
    public Span<byte> Tail(int length)
    {
        ref var start = ref System.Runtime.CompilerServices.Unsafe.AddByteOffset(
            ref System.Runtime.CompilerServices.Unsafe.NullRef<byte>(), (nuint)(_address + PageSize - length));
        return System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref start, length);
    }

    public void Dispose() => _ = Munmap(_address, 2 * PageSize);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mmap")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mprotect")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int Mprotect(nint address, nuint length, int protection);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "munmap")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int Munmap(nint address, nuint length);
}
