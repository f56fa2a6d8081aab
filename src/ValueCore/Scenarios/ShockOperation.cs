namespace ValueCore.Scenarios;

/// <summary>How a <see cref="Shock"/> changes its field.</summary>
public enum ShockOperation
{
    /// <summary>x' = x · value.</summary>
    Multiply,

    /// <summary>x' = x + value (a rate shift of s basis points is an addition of s / 10,000).</summary>
    Add,

    /// <summary>x' = value.</summary>
    Set,

    /// <summary>PD' = N((G(PD) − √R · Z) / √(1 − R)): the Vasicek PD conditional on the systematic factor Z = value (Z &lt; 0 is a downturn).</summary>
    ConditionOnZ,

    /// <summary>EAD' = drawn + value · undrawn: a credit conversion factor (in [0, 1]) on the undrawn commitment; needs a book
    /// with drawn and undrawn amounts (<see cref="Portfolio.LoanBook.HasDrawnAndUndrawn"/>).</summary>
    CreditConversion,
}
