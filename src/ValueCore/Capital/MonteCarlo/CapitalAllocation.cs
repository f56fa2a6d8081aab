namespace ValueCore.Capital.MonteCarlo;

/// <summary>How the portfolio's economic capital (VaR - EL) is allocated to loans.</summary>
public enum CapitalAllocation
{
    /// <summary>In proportion to the expected-shortfall contributions net of expected loss: EC_i = EC (ES_i - EL_i) / (ES - EL).</summary>
    ExpectedShortfall = 0,

    /// <summary>In proportion to the VaR contributions net of expected loss: EC_i = EC (VaR_i - EL_i) / (VaR - EL).</summary>
    ValueAtRisk = 1,

    /// <summary>In proportion to the covariance contributions to the standard deviation: EC_i = EC SD_i / SD.</summary>
    StandardDeviation = 2,
}
