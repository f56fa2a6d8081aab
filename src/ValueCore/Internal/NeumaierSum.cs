namespace ValueCore.Internal;

/// <summary>
/// Neumaier's compensated sum (Neumaier 1974, an improved Kahan-Babuska summation): the error does not grow with
/// the number of terms, so group totals over millions of loans keep their last digits.
/// </summary>
internal struct NeumaierSum
{
    private double _sum;
    private double _compensation;

    public readonly double Value => _sum + _compensation;

    public void Add(double x)
    {
        double t = _sum + x;
        if (Math.Abs(_sum) >= Math.Abs(x))
        {
            _compensation += (_sum - t) + x;
        }
        else
        {
            _compensation += (x - t) + _sum;
        }

        _sum = t;
    }

    /// <summary>Adds another partial sum (used when chunk partials are reduced in a fixed order).</summary>
    public void Add(in NeumaierSum other)
    {
        Add(other._sum);
        _compensation += other._compensation;
    }
}
