using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// Projects a transition model (a matrix or a generator) over whole years, optionally conditioned on the credit cycle
/// by a Z-shift (given, or fitted to an observed default rate): what <c>valuecore migration project</c> writes comes
/// from this call.
/// </summary>
/// <remarks>With a Z-shift the model's one-year matrix is conditioned (<see cref="ZShift.Condition"/>) and the
/// conditioned matrix is projected by its powers; Z is fitted with <see cref="ZShift.FitZ"/> when a default rate is given.</remarks>
public static class MigrationProjection
{
    /// <summary>Projects the model.</summary>
    /// <param name="model">The through-the-cycle model: a matrix (over one year, or a period taken to one year by powers) or a generator.</param>
    /// <param name="options">The options (default <see cref="MigrationProjectionOptions.Default"/>).</param>
    /// <returns>The projected matrices, the PD term structure and the Z-shift used.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    /// <exception cref="ArgumentException">A Z-shift without the asset correlation, both Z and a default rate to fit, or
    /// weights that do not give one number &gt;= 0 per state.</exception>
    /// <exception cref="InvalidOperationException">The model cannot be taken to one year, or Z cannot be fitted.</exception>
    public static MigrationProjectionResult Run(ITransitionModel model, MigrationProjectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= MigrationProjectionOptions.Default;
        if (options.Years is < 1 or > 1000)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options.Years), options.Years, "[1, 1000]");
        }

        if ((options.Z is not null || options.FitDefaultRate is not null) && options.Rho is null)
        {
            ThrowHelper.Argument(nameof(options), "A Z-shift needs the asset correlation (Rho).");
        }

        if (options.Z is not null && options.FitDefaultRate is not null)
        {
            ThrowHelper.Argument(nameof(options), "Give Z or a default rate to fit Z to, not both.");
        }

        var states = model.States;
        TransitionMatrix? conditioned = null;
        double? z = options.Z;
        if (options.Rho is double rho && (z is not null || options.FitDefaultRate is not null))
        {
            var oneYear = model.Over(1);
            if (options.FitDefaultRate is double rate)
            {
                z = ZShift.FitZ(oneYear, rho, rate, Weights(states, options.Weights));
            }

            conditioned = ZShift.Condition(oneYear, rho, z!.Value);
            model = conditioned;
        }

        var curve = PDTermStructure.Compute(model, options.Years);
        var matrices = new TransitionMatrix[options.Years];
        for (int t = 1; t <= options.Years; t++)
        {
            matrices[t - 1] = model.Over(t);
        }

        return new MigrationProjectionResult(model, matrices, curve, conditioned, z);
    }

    private static double[] Weights(StateSpace states, IReadOnlyList<double>? weights)
    {
        if (weights is null)
        {
            var w = new double[states.Count];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = states.IsAbsorbing(i) ? 0.0 : 1.0;
            }

            return w;
        }

        if (weights.Count != states.Count)
        {
            ThrowHelper.Argument(nameof(weights), $"The weights have {weights.Count} items; the model has {states.Count} states.");
        }

        foreach (double v in weights)
        {
            if (!(v >= 0 && double.IsFinite(v)))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(weights), v, "[0, inf)");
            }
        }

        return [.. weights];
    }
}
