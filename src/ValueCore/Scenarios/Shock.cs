using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Scenarios;

/// <summary>One change to one field of the loans a filter selects, e.g. "PD × 1.5 where segment = cre". Immutable; equal when
/// target, operation, value, correlation and filter are equal.</summary>
/// <remarks>
/// Allowed operations per target: PD multiply (value &gt;= 0), add, set (value in (0, 1]) and condition on Z (any finite Z, with an
/// optional correlation in (0, 1)); LGD multiply (&gt;= 0), add, set (in [0, 1]); EAD, fees and opex multiply (&gt;= 0); EAD credit
/// conversion (a CCF in [0, 1] on the undrawn amount); rate and FTP rate add (a shift, a fraction in (−1, 1)). See docs/scenarios.md for the effect of each on the loans.
/// </remarks>
public sealed record Shock
{
    /// <summary>Creates a shock on every loan; use <see cref="Where"/> (with <c>with</c>) to restrict it.</summary>
    /// <param name="target">The field changed.</param>
    /// <param name="operation">How it is changed.</param>
    /// <param name="value">The factor, shift, level, or Z value (see remarks for ranges).</param>
    /// <param name="correlation">For <see cref="ShockOperation.ConditionOnZ"/>: the asset correlation R in (0, 1) to use instead of each loan's IRB correlation; null (default) uses the loan's.</param>
    /// <exception cref="ArgumentException">The operation does not apply to the target, or a correlation is given for another operation.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value or correlation is outside its range.</exception>
    public Shock(ShockTarget target, ShockOperation operation, double value, double? correlation = null)
    {
        bool allowed = (target, operation) switch
        {
            (ShockTarget.Pd, _) => Enum.IsDefined(operation) && operation != ShockOperation.CreditConversion,
            (ShockTarget.Ead, ShockOperation.CreditConversion) => true,
            (ShockTarget.Lgd, ShockOperation.Multiply or ShockOperation.Add or ShockOperation.Set) => true,
            (ShockTarget.Ead or ShockTarget.Fees or ShockTarget.Opex, ShockOperation.Multiply) => true,
            (ShockTarget.Rate or ShockTarget.FtpRate, ShockOperation.Add) => true,
            _ => false,
        };
        if (!allowed)
        {
            ThrowHelper.Argument(nameof(operation), $"{target} cannot be changed by {operation} (see docs/scenarios.md for the allowed operations).");
        }

        if (!double.IsFinite(value))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(value), value, "(-inf, inf)");
        }

        switch (target, operation)
        {
            case (_, ShockOperation.Multiply) when value < 0:
                ThrowHelper.ArgumentOutOfRange(nameof(value), value, "[0, inf) (a factor)");
                break;
            case (ShockTarget.Pd, ShockOperation.Set) when !(value > 0 && value <= 1):
                ThrowHelper.ArgumentOutOfRange(nameof(value), value, "(0, 1] (a PD)");
                break;
            case (_, ShockOperation.CreditConversion) when !(value >= 0 && value <= 1):
                ThrowHelper.ArgumentOutOfRange(nameof(value), value, "[0, 1] (a credit conversion factor)");
                break;
            case (ShockTarget.Lgd, ShockOperation.Set) when !(value >= 0 && value <= 1):
                ThrowHelper.ArgumentOutOfRange(nameof(value), value, "[0, 1] (an LGD)");
                break;
            case (ShockTarget.Pd or ShockTarget.Lgd, ShockOperation.Add) when !(value > -1 && value < 1):
                ThrowHelper.ArgumentOutOfRange(nameof(value), value, "(-1, 1) (a shift of a probability)");
                break;
            case (ShockTarget.Rate or ShockTarget.FtpRate, ShockOperation.Add) when !(value > -1 && value < 1):
                ThrowHelper.ArgumentOutOfRange(nameof(value), value, "(-1, 1) (a rate shift as a fraction: 200 bp = 0.02)");
                break;
            default:
                break;
        }

        if (correlation is double r)
        {
            if (operation != ShockOperation.ConditionOnZ)
            {
                ThrowHelper.Argument(nameof(correlation), "A correlation applies only to a PD conditioned on Z.");
            }

            if (!(r > 0 && r < 1))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(correlation), r, "(0, 1)");
            }
        }

        Target = target;
        Operation = operation;
        Value = value;
        Correlation = correlation;
    }

    /// <summary>The field changed.</summary>
    public ShockTarget Target { get; }

    /// <summary>How it is changed.</summary>
    public ShockOperation Operation { get; }

    /// <summary>The factor (multiply), the shift as a fraction (add; rates: bp / 10,000), the level (set), Z (condition on Z), or the CCF (credit conversion).</summary>
    public double Value { get; }

    /// <summary>The correlation R used to condition PD on Z instead of each loan's IRB correlation; null uses the loan's.</summary>
    public double? Correlation { get; }

    /// <summary>The loans changed; default every loan.</summary>
    public LoanFilter Where { get; init; } = LoanFilter.All;

    /// <summary>The shock as text, e.g. <c>pd multiply 1.5 where { segment: cre }</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{TargetName(Target)} {OperationName(Operation)} {Value:R}{(Correlation is double r ? $" (R = {r:R})" : "")}{(Where.IsAll ? "" : " where " + Where)}");

    /// <summary>The file name of a target (pd, lgd, ead, rate, ftp_rate, fees, opex).</summary>
    internal static string TargetName(ShockTarget target) => target switch
    {
        ShockTarget.Pd => "pd",
        ShockTarget.Lgd => "lgd",
        ShockTarget.Ead => "ead",
        ShockTarget.Rate => "rate",
        ShockTarget.FtpRate => "ftp_rate",
        ShockTarget.Fees => "fees",
        _ => "opex",
    };

    /// <summary>The file name of an operation (multiply, add, set, z, ccf).</summary>
    internal static string OperationName(ShockOperation operation) => operation switch
    {
        ShockOperation.Multiply => "multiply",
        ShockOperation.Add => "add",
        ShockOperation.Set => "set",
        ShockOperation.CreditConversion => "ccf",
        _ => "z",
    };
}
