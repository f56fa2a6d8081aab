using System.Globalization;
using ValueCore.Internal;
using ValueCore.Numerics;

namespace ValueCore.Risk.Aggregation;

/// <summary>
/// The measure a capital figure is stated on: VaR or ES, its confidence level and its horizon; and the factor that
/// restates a figure from one measure to another under a normal assumption.
/// </summary>
/// <remarks>
/// <para>Inter-risk aggregation by the variance-covariance formula adds figures that must be the same multiple of
/// each risk's standard deviation: on one measure, confidence and horizon (credit EC is typically VaR 99.9% over one
/// year, market risk ES 97.5% over ten days). <see cref="NormalScaleFactor"/> restates a figure when the loss is
/// normal with mean 0 and a standard deviation that grows with the square root of time:</para>
/// <para>VaR_q(h) = sigma sqrt(h) G(q), ES_q(h) = sigma sqrt(h) phi(G(q)) / (1 - q) (the normal expected shortfall;
/// McNeil, Frey and Embrechts, "Quantitative Risk Management", 2005, section 2.2.4, the Gaussian example), so a figure on (m1, q1, h1) becomes
/// one on (m2, q2, h2) by the factor [k(m2, q2) sqrt(h2)] / [k(m1, q1) sqrt(h1)], k(VaR, q) = G(q),
/// k(ES, q) = phi(G(q)) / (1 - q).</para>
/// <para>Limits: credit and operational losses are skewed and fat-tailed, so the normal ratio between quantiles
/// understates a 99.9% figure restated from a lower level (and overstates the reverse); the square-root-of-time rule
/// assumes independent, identically distributed increments without drift. Restate from the nearest measure, and prefer
/// computing each figure on the common measure (see docs/risk-aggregation.md).</para>
/// </remarks>
public readonly record struct CapitalMeasure
{
    /// <summary>Creates a measure.</summary>
    /// <param name="kind">VaR or ES.</param>
    /// <param name="confidence">The confidence level q, in (0.5, 1).</param>
    /// <param name="horizonYears">The horizon in years, &gt; 0 and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CapitalMeasure(RiskMeasureKind kind, double confidence, double horizonYears)
    {
        if (kind is not (RiskMeasureKind.ValueAtRisk or RiskMeasureKind.ExpectedShortfall))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(kind), (double)kind, "ValueAtRisk or ExpectedShortfall");
        }

        if (!(confidence > 0.5 && confidence < 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(confidence), confidence, "(0.5, 1)");
        }

        if (!(horizonYears > 0.0 && double.IsFinite(horizonYears)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(horizonYears), horizonYears, "(0, inf)");
        }

        Kind = kind;
        Confidence = confidence;
        HorizonYears = horizonYears;
    }

    /// <summary>VaR or ES.</summary>
    public RiskMeasureKind Kind { get; }

    /// <summary>The confidence level q, in (0.5, 1).</summary>
    public double Confidence { get; }

    /// <summary>The horizon in years.</summary>
    public double HorizonYears { get; }

    /// <summary>The figure of a normal loss with mean 0 and standard deviation 1 per year, on this measure.</summary>
    /// <returns>sqrt(h) G(q) for VaR, sqrt(h) phi(G(q)) / (1 - q) for ES; dimensionless, &gt; 0.</returns>
    /// <exception cref="InvalidOperationException">The measure is the default value (not created by the constructor).</exception>
    public double NormalMultiple()
    {
        if (!(Confidence > 0.5))
        {
            throw new InvalidOperationException("The capital measure was not created by its constructor (confidence 0).");
        }

        double z = NormalDistribution.InverseCdf(Confidence);
        double k = Kind == RiskMeasureKind.ValueAtRisk ? z : NormalDistribution.Density(z) / (1.0 - Confidence);
        return Math.Sqrt(HorizonYears) * k;
    }

    /// <summary>The factor that restates a capital figure from one measure to another, for a normal loss with mean 0 and square-root-of-time scaling.</summary>
    /// <param name="from">The measure the figure is stated on.</param>
    /// <param name="to">The measure wanted.</param>
    /// <returns>to.NormalMultiple() / from.NormalMultiple(), dimensionless, &gt; 0 (1 when the measures are equal).</returns>
    /// <exception cref="InvalidOperationException">A measure is the default value.</exception>
    public static double NormalScaleFactor(CapitalMeasure from, CapitalMeasure to) => from == to ? 1.0 : to.NormalMultiple() / from.NormalMultiple();

    /// <summary>The measure as text, <c>kind:confidence:horizon_years</c> with kind <c>var</c> or <c>es</c>, e.g. <c>es:0.999:1</c>.</summary>
    /// <returns>The text, numbers in shortest round-trip invariant form.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Kind == RiskMeasureKind.ValueAtRisk ? "var" : "es")}:{Confidence:R}:{HorizonYears:R}");

    /// <summary>Parses <c>kind:confidence:horizon_years</c> (kind <c>var</c> or <c>es</c>, any case; invariant numbers).</summary>
    /// <param name="text">The text, e.g. <c>es:0.999:1</c>.</param>
    /// <param name="measure">The measure, when the text is valid.</param>
    /// <returns>Whether the text is a valid measure.</returns>
    public static bool TryParse(string? text, out CapitalMeasure measure)
    {
        measure = default;
        var parts = text?.Split(':') ?? [];
        if (parts.Length != 3 || !TryParseKind(parts[0], out var kind)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double q)
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double h)
            || !(q > 0.5 && q < 1.0) || !(h > 0.0 && double.IsFinite(h)))
        {
            return false;
        }

        measure = new CapitalMeasure(kind, q, h);
        return true;
    }

    /// <summary>Parses a measure kind: <c>var</c> or <c>es</c>, any case.</summary>
    /// <param name="text">The text.</param>
    /// <param name="kind">The kind, when valid.</param>
    /// <returns>Whether the text names a kind.</returns>
    public static bool TryParseKind(string? text, out RiskMeasureKind kind)
    {
        kind = RiskMeasureKind.ValueAtRisk;
        if (string.Equals(text, "var", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        kind = RiskMeasureKind.ExpectedShortfall;
        return string.Equals(text, "es", StringComparison.OrdinalIgnoreCase);
    }
}
