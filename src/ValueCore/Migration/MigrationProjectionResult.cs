namespace ValueCore.Migration;

/// <summary>What <see cref="MigrationProjection.Run"/> gives: the model projected (Z-conditioned when asked), its matrices
/// over years 1..T, the one-year matrix and the PD term structure.</summary>
public sealed class MigrationProjectionResult
{
    internal MigrationProjectionResult(ITransitionModel model, IReadOnlyList<TransitionMatrix> matrices, PDTermStructure curve, TransitionMatrix? conditioned, double? z)
    {
        Model = model;
        Matrices = matrices;
        PDCurve = curve;
        Conditioned = conditioned;
        Z = z;
    }

    /// <summary>The model projected: the conditioned one-year matrix with a Z-shift, else the input model.</summary>
    public ITransitionModel Model { get; }

    /// <summary>The model's matrices over t = 1 .. <see cref="MigrationProjectionOptions.Years"/> years (index t - 1).</summary>
    public IReadOnlyList<TransitionMatrix> Matrices { get; }

    /// <summary>The one-year matrix (the first of <see cref="Matrices"/>).</summary>
    public TransitionMatrix OneYear => Matrices[0];

    /// <summary>The cumulative and marginal PDs per starting state, years 1..T.</summary>
    public PDTermStructure PDCurve { get; }

    /// <summary>The Z-conditioned one-year matrix; null without a Z-shift.</summary>
    public TransitionMatrix? Conditioned { get; }

    /// <summary>The Z used: given, or fitted to the default rate; null without a Z-shift.</summary>
    public double? Z { get; }
}
