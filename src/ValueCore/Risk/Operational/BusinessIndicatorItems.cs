namespace ValueCore.Risk.Operational;

/// <summary>One financial year's profit-and-loss and balance-sheet items behind the business indicator (OPE10 Table 1), in currency.</summary>
/// <param name="InterestIncome">Interest income (including operating and finance lease income), &gt;= 0.</param>
/// <param name="InterestExpense">Interest expense (including lease expense), &gt;= 0.</param>
/// <param name="InterestEarningAssets">Total gross outstanding loans, advances and interest-bearing securities (year end), &gt;= 0.</param>
/// <param name="DividendIncome">Dividend income from investments not consolidated, &gt;= 0.</param>
/// <param name="FeeIncome">Fee and commission income, &gt;= 0.</param>
/// <param name="FeeExpense">Fee and commission expense, &gt;= 0.</param>
/// <param name="OtherOperatingIncome">Other operating income, &gt;= 0.</param>
/// <param name="OtherOperatingExpense">Other operating expense, &gt;= 0.</param>
/// <param name="TradingBookPnl">Net profit or loss on the trading book, any sign.</param>
/// <param name="BankingBookPnl">Net profit or loss on the banking book, any sign.</param>
public readonly record struct BusinessIndicatorItems(
    double InterestIncome,
    double InterestExpense,
    double InterestEarningAssets,
    double DividendIncome,
    double FeeIncome,
    double FeeExpense,
    double OtherOperatingIncome,
    double OtherOperatingExpense,
    double TradingBookPnl,
    double BankingBookPnl)
{
    /// <summary>The item-wise sum of two years' items (consolidation of units before the standard's formulas).</summary>
    /// <param name="left">The first items.</param>
    /// <param name="right">The second items.</param>
    /// <returns>The sums.</returns>
    public static BusinessIndicatorItems operator +(BusinessIndicatorItems left, BusinessIndicatorItems right) => new(
        left.InterestIncome + right.InterestIncome,
        left.InterestExpense + right.InterestExpense,
        left.InterestEarningAssets + right.InterestEarningAssets,
        left.DividendIncome + right.DividendIncome,
        left.FeeIncome + right.FeeIncome,
        left.FeeExpense + right.FeeExpense,
        left.OtherOperatingIncome + right.OtherOperatingIncome,
        left.OtherOperatingExpense + right.OtherOperatingExpense,
        left.TradingBookPnl + right.TradingBookPnl,
        left.BankingBookPnl + right.BankingBookPnl);

    /// <summary>The item-wise sum (named alternative to the + operator).</summary>
    /// <param name="left">The first items.</param>
    /// <param name="right">The second items.</param>
    /// <returns>The sums.</returns>
    public static BusinessIndicatorItems Add(BusinessIndicatorItems left, BusinessIndicatorItems right) => left + right;
}
