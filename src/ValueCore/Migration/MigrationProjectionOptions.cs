namespace ValueCore.Migration;

/// <summary>Options of <see cref="MigrationProjection.Run"/>: the horizon and an optional credit-cycle (Z) shift.</summary>
public sealed record MigrationProjectionOptions
{
    /// <summary>The defaults: 10 years, no Z-shift.</summary>
    public static MigrationProjectionOptions Default { get; } = new();

    /// <summary>The horizon in whole years, in [1, 1000] (default 10).</summary>
    public int Years { get; init; } = 10;

    /// <summary>The credit-cycle factor of the Z-shift (Z &lt; 0 = downturn), in [-50, 50]; null for none.</summary>
    public double? Z { get; init; }

    /// <summary>The asset correlation of the Z-shift, in [0, 1); needed with <see cref="Z"/> or <see cref="FitDefaultRate"/>.</summary>
    public double? Rho { get; init; }

    /// <summary>An observed one-year default rate, in (0, 1), to fit Z to (<see cref="ZShift.FitZ"/>); null for none. Not with <see cref="Z"/>.</summary>
    public double? FitDefaultRate { get; init; }

    /// <summary>Portfolio weights by starting state (&gt;= 0, one per state) for <see cref="FitDefaultRate"/>; null for equal
    /// weights on the non-absorbing states.</summary>
    public IReadOnlyList<double>? Weights { get; init; }
}
