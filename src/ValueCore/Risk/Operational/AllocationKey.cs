namespace ValueCore.Risk.Operational;

/// <summary>How the bank's operational risk capital is shared among units.</summary>
public enum AllocationKey
{
    /// <summary>In proportion to each unit's business indicator BI(u) / sum BI.</summary>
    BusinessIndicator = 0,

    /// <summary>In proportion to the BIC each unit would have on its own, BIC(BI(u)) / sum BIC(BI(u)), which weighs large units more.</summary>
    StandaloneBic = 1,
}
