namespace ValueCore.Scenarios;

/// <summary>The loan-book field a <see cref="Shock"/> changes.</summary>
public enum ShockTarget
{
    /// <summary>One-year probability of default (multiply, add, set, or condition on a systematic factor Z).</summary>
    Pd,

    /// <summary>Loss given default (multiply, add, set; results bounded to [0, 1]).</summary>
    Lgd,

    /// <summary>Exposure at default (multiply).</summary>
    Ead,

    /// <summary>Client annual rate (add: a shift, a fraction; files and builders give basis points).</summary>
    Rate,

    /// <summary>Funds transfer price, i.e. the funding curve (add: a shift, a fraction; files and builders give basis points).</summary>
    FtpRate,

    /// <summary>Annual fee income (multiply).</summary>
    Fees,

    /// <summary>Annual operating cost (multiply).</summary>
    Opex,
}
