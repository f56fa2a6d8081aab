namespace ValueCore.Impairment;

/// <summary>The columnar result of an impairment run: per loan the PV of expected cash flows, the allowance, coverage and notes; per scenario its PV.</summary>
public sealed class ImpairmentResult
{
    private readonly double[] _pv;
    private readonly double[] _allowance;
    private readonly double[] _coverage;
    private readonly ImpairmentNote[] _notes;
    private readonly double[] _scenarioPv;

    internal ImpairmentResult(ImpairmentBook book, double[] pv, double[] allowance, double[] coverage, ImpairmentNote[] notes, double[] scenarioPv,
        double totalCarrying, double totalPv, double totalAllowance)
    {
        Book = book;
        _pv = pv;
        _allowance = allowance;
        _coverage = coverage;
        _notes = notes;
        _scenarioPv = scenarioPv;
        TotalCarryingAmount = totalCarrying;
        TotalPresentValue = totalPv;
        TotalAllowance = totalAllowance;
    }

    /// <summary>The book valued.</summary>
    public ImpairmentBook Book { get; }

    /// <summary>The number of loans.</summary>
    public int Count => _pv.Length;

    /// <summary>Probability-weighted PV of expected cash flows at the original EIR, per loan, in currency.</summary>
    public ReadOnlySpan<double> PresentValue => _pv;

    /// <summary>Allowance = carrying amount - PV clamped to [0, carrying amount], per loan, in currency.</summary>
    public ReadOnlySpan<double> Allowance => _allowance;

    /// <summary>Coverage = allowance / carrying amount, a fraction in [0, 1]; NaN ("not defined") when the carrying amount is 0.</summary>
    public ReadOnlySpan<double> Coverage => _coverage;

    /// <summary>Notes per loan (PV above carrying amount, PV 0 without scenarios).</summary>
    public ReadOnlySpan<ImpairmentNote> Notes => _notes;

    /// <summary>The sum of carrying amounts, in currency (compensated, in loan order).</summary>
    public double TotalCarryingAmount { get; }

    /// <summary>The sum of PVs, in currency.</summary>
    public double TotalPresentValue { get; }

    /// <summary>The sum of allowances, in currency.</summary>
    public double TotalAllowance { get; }

    /// <summary>The PV of each scenario of loan <paramref name="index"/>'s estimate at its reporting date, in scenario order (see <see cref="ScenarioName"/>).</summary>
    /// <param name="index">The loan index, in [0, Count).</param>
    /// <returns>The scenario PVs in currency (empty when the loan has no scenario).</returns>
    /// <exception cref="IndexOutOfRangeException">The index is outside the result.</exception>
    public ReadOnlySpan<double> ScenarioPresentValues(int index)
    {
        if (!Book.HasInitialSet(index))
        {
            return [];
        }

        int set = Book.SetStart[index];
        int s0 = Book.SetScenarioStart[set];
        return _scenarioPv.AsSpan(s0, Book.SetScenarioStart[set + 1] - s0);
    }

    /// <summary>The name of scenario <paramref name="scenario"/> of loan <paramref name="index"/>.</summary>
    /// <param name="index">The loan index.</param>
    /// <param name="scenario">The scenario index, in [0, <see cref="ImpairmentBook.ScenarioCount"/>).</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The scenario index is outside the loan's scenarios.</exception>
    public string ScenarioName(int index, int scenario)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scenario);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(scenario, Book.ScenarioCount(index));
        return Book.ScenarioNames[Book.SetScenarioStart[Book.SetStart[index]] + scenario];
    }

    /// <summary>The probability of scenario <paramref name="scenario"/> of loan <paramref name="index"/>.</summary>
    /// <param name="index">The loan index.</param>
    /// <param name="scenario">The scenario index, in [0, <see cref="ImpairmentBook.ScenarioCount"/>).</param>
    /// <returns>The probability, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">The scenario index is outside the loan's scenarios.</exception>
    public double ScenarioProbability(int index, int scenario)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scenario);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(scenario, Book.ScenarioCount(index));
        return Book.Probabilities[Book.SetScenarioStart[Book.SetStart[index]] + scenario];
    }
}
