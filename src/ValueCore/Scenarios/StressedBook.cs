using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>A scenario applied to a loan book: the stressed book, the stressed valuation options, and what each shock did.</summary>
public sealed class StressedBook
{
    internal StressedBook(Scenario scenario, LoanBook book, ValuationOptions options, IReadOnlyList<ShockReport> reports)
    {
        Scenario = scenario;
        Book = book;
        Options = options;
        Reports = reports;
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The stressed book (unchanged columns are shared with the original book).</summary>
    public LoanBook Book { get; }

    /// <summary>The valuation options with the scenario's parameters.</summary>
    public ValuationOptions Options { get; }

    /// <summary>The book before the scenario (the filters of its shocks select on it).</summary>
    internal LoanBook Original { get; init; } = null!;

    /// <summary>One report per shock, in the scenario's order.</summary>
    public IReadOnlyList<ShockReport> Reports { get; }
}
