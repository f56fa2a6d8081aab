namespace ValueCore.Impairment;

/// <summary>Why an effective interest rate could not be found.</summary>
public enum EirFailure
{
    /// <summary>No failure: the rate was found.</summary>
    None = 0,

    /// <summary>The cash flows are unusable: fewer than two, a non-finite amount or time, times not ascending, or all of one sign.</summary>
    InvalidCashFlows = 1,

    /// <summary>The net present value does not change sign for any rate in (-1, 1e6): no rate discounts the flows to zero.</summary>
    NoSignChange = 2,

    /// <summary>The root finder did not reach the tolerance within its iteration limit.</summary>
    NoConvergence = 3,
}
