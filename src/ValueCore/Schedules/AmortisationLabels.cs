using System.Text;

namespace ValueCore.Schedules;

/// <summary>The text form of <see cref="Amortisation"/> (<c>bullet</c>, <c>linear</c>, <c>annuity</c>): the one parser that
/// every reader of the library, the batch and the command line uses, and the labels they write.</summary>
/// <remarks>Matching is exact up to ASCII case (<c>Linear</c> and <c>LINEAR</c> are accepted); surrounding spaces and
/// any other text are not. An empty value is not parsed: the caller decides what "not given" means (a loan-book
/// reader takes <see cref="Amortisation.Bullet"/>).</remarks>
public static class AmortisationLabels
{
    /// <summary>The accepted labels, for messages: "bullet, linear or annuity".</summary>
    public const string Expected = "bullet, linear or annuity";

    /// <summary>The rule a value that is not a label breaks, as the readers report it.</summary>
    internal const string Rule = "is not " + Expected;

    /// <summary>The label of a repayment type.</summary>
    /// <param name="amortisation">The repayment type.</param>
    /// <returns><c>bullet</c>, <c>linear</c> or <c>annuity</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amortisation"/> is not a defined value.</exception>
    public static string Label(Amortisation amortisation) => amortisation switch
    {
        Amortisation.Bullet => "bullet",
        Amortisation.Linear => "linear",
        Amortisation.Annuity => "annuity",
        _ => throw new ArgumentOutOfRangeException(nameof(amortisation), amortisation, "Not a defined Amortisation."),
    };

    /// <summary>Parses a label.</summary>
    /// <param name="text">The text, e.g. <c>annuity</c>.</param>
    /// <param name="amortisation">The repayment type; <see cref="Amortisation.Bullet"/> when the text is not a label.</param>
    /// <returns>Whether the text is a label.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out Amortisation amortisation)
    {
        if (text.Equals("bullet", StringComparison.OrdinalIgnoreCase))
        {
            amortisation = Amortisation.Bullet;
            return true;
        }

        if (text.Equals("linear", StringComparison.OrdinalIgnoreCase))
        {
            amortisation = Amortisation.Linear;
            return true;
        }

        amortisation = text.Equals("annuity", StringComparison.OrdinalIgnoreCase) ? Amortisation.Annuity : Amortisation.Bullet;
        return amortisation == Amortisation.Annuity;
    }

    /// <summary>Parses a label given as UTF-8 bytes (as the CSV readers hold a field).</summary>
    /// <param name="utf8Text">The field's bytes.</param>
    /// <param name="amortisation">The repayment type; <see cref="Amortisation.Bullet"/> when the text is not a label.</param>
    /// <returns>Whether the bytes are a label.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out Amortisation amortisation)
    {
        if (Ascii.EqualsIgnoreCase(utf8Text, "bullet"u8))
        {
            amortisation = Amortisation.Bullet;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(utf8Text, "linear"u8))
        {
            amortisation = Amortisation.Linear;
            return true;
        }

        amortisation = Ascii.EqualsIgnoreCase(utf8Text, "annuity"u8) ? Amortisation.Annuity : Amortisation.Bullet;
        return amortisation == Amortisation.Annuity;
    }
}
