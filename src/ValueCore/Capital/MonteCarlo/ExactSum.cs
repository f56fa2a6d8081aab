namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// Order-independent sums: each term is rounded once to a 128-bit fixed-point integer (2^-56 resolution) and integers
/// add associatively, so per-obligor sums are bit-identical for any thread count and any split into scenario blocks.
/// </summary>
internal static class ExactSum
{
    private const double Scale = 72057594037927936.0; // 2^56
    private const double Limit = 1.0e37;

    public static Int128 Ticks(double value)
    {
        double x = value * Scale;
        if (!(x >= 0.0 && x < Limit))
        {
            throw new InvalidOperationException(
                "A likelihood-ratio weight is too large for the exact per-obligor sums (the importance-sampling shift is far from this portfolio's tail).");
        }

        return (Int128)x;
    }

    public static double ToDouble(Int128 ticks) => (double)ticks / Scale;

    public static void AddInto(Int128[] target, Int128[] source)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = checked(target[i] + source[i]);
        }
    }
}
