namespace ValueCore.Impairment;

/// <summary>The kind of an expected cash flow of an impaired loan.</summary>
public enum CashFlowKind
{
    /// <summary>A repayment by the borrower (amount &gt;= 0).</summary>
    Repayment = 0,

    /// <summary>Realisation of collateral: net amount = value x (1 - haircut) - cost to sell.</summary>
    Collateral = 1,

    /// <summary>A recovery cost (amount &lt;= 0).</summary>
    Cost = 2,
}
