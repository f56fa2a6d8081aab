using ValueCore.Risk.Aggregation;

namespace ValueCore.Tests.Risk.Aggregation;

public class NearestCorrelationTests
{
    private const double PublishedDigits = 5e-5; // Higham prints four decimals
    private const double Tight = 1e-9;

    [Fact]
    public void Compute_HighamExample_MatchesPublishedMatrix()
    {
        // N. J. Higham, "Computing the nearest correlation matrix - a problem from finance", IMA J. Numer. Anal. 22 (2002)
        // 329-343, Section 4: A = [1 1 0; 1 1 1; 0 1 1] has the nearest correlation matrix (W = I)
        // [1 0.7607 0.1573; 0.7607 1 0.7607; 0.1573 0.7607 1].
        var r = NearestCorrelation.Compute([1, 1, 0, 1, 1, 1, 0, 1, 1], 3, 1e-12, 100_000);
        var x = r.Values.ToArray();
        x[1].Should().BeApproximately(0.7607, PublishedDigits);
        x[5].Should().BeApproximately(0.7607, PublishedDigits);
        x[2].Should().BeApproximately(0.1573, PublishedDigits);
        x[0].Should().Be(1.0);
        x[3].Should().Be(x[1]);
        CorrelationMatrix.Validate(x, 3).IsValid.Should().BeTrue();

        // The distance reported is ||A - X||_F of the matrices returned.
        double d2 = 0;
        double[] a = [1, 1, 0, 1, 1, 1, 0, 1, 1];
        for (int i = 0; i < 9; i++)
        {
            d2 += (a[i] - x[i]) * (a[i] - x[i]);
        }

        r.FrobeniusDistance.Should().BeApproximately(Math.Sqrt(d2), Tight);
        r.MaxAbsoluteChange.Should().BeApproximately(Math.Abs(a[2] - x[2]) > Math.Abs(a[1] - x[1]) ? Math.Abs(a[2] - x[2]) : Math.Abs(a[1] - x[1]), Tight);
    }

    [Fact]
    public void Compute_ValidMatrix_StaysWhereItIs()
    {
        double[] c = [1, 0.5, 0.2, 0.5, 1, 0.2, 0.2, 0.2, 1];
        var r = NearestCorrelation.Compute(c, 3, 1e-12, 1000);
        r.FrobeniusDistance.Should().BeLessThan(Tight);
        r.Values.ToArray().Should().Equal(c, (p, q) => Math.Abs(p - q) < Tight);
    }

    [Fact]
    public void Compute_NotPositiveSemiDefinite_ReturnsValidMatrixNoFartherThanAnyOtherValidCandidate()
    {
        double[] a = [1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1];
        var r = NearestCorrelation.Compute(a, 3, 1e-12, 100_000);
        CorrelationMatrix.Validate(r.Values, 3).IsValid.Should().BeTrue();

        // The identity and the matrix scaled towards it are valid candidates; the nearest one is at least as close.
        double Dist(double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());
        r.FrobeniusDistance.Should().BeLessThanOrEqualTo(Dist([1, 0, 0, 0, 1, 0, 0, 0, 1]) + Tight);
        double s = 1.0 / 1.8; // I + 0.9 s S has smallest eigenvalue 1 - 1.8 s = 0
        r.FrobeniusDistance.Should().BeLessThanOrEqualTo(Dist([1, 0.9 * s, -0.9 * s, 0.9 * s, 1, 0.9 * s, -0.9 * s, 0.9 * s, 1]) + Tight);
    }

    [Fact]
    public void Compute_BadInput_ThrowsOrReportsNonConvergence()
    {
        FluentActions.Invoking(() => NearestCorrelation.Compute([1, 0.5, 0.4, 1], 2, 1e-12, 100)).Should().Throw<ArgumentException>().WithMessage("*symmetric*");
        FluentActions.Invoking(() => NearestCorrelation.Compute([1, 1, 0, 1, 1, 1, 0, 1, 1], 3, 1e-15, 2)).Should().Throw<InvalidOperationException>()
            .WithMessage("*did not converge*");
    }
}
