namespace ValueCore.Risk.Operational;

/// <summary>The three components of the Basel III business indicator, each a three-year average (OPE25.3-25.5).</summary>
/// <param name="Ildc">Interest, leases and dividend component, in currency, &gt;= 0.</param>
/// <param name="Sc">Services component, in currency, &gt;= 0.</param>
/// <param name="Fc">Financial component, in currency, &gt;= 0.</param>
public readonly record struct BusinessIndicatorComponents(double Ildc, double Sc, double Fc)
{
    /// <summary>The business indicator BI = ILDC + SC + FC (OPE25.4), in currency.</summary>
    public double BusinessIndicator => Ildc + Sc + Fc;
}
