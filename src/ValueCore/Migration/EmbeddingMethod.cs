namespace ValueCore.Migration;

/// <summary>How <see cref="GeneratorEstimation.FromMatrix"/> turns a one-period transition matrix into a generator.</summary>
public enum EmbeddingMethod
{
    /// <summary>The principal matrix logarithm; an error when it is not a valid generator.</summary>
    Log = 0,

    /// <summary>Jarrow, Lando and Turnbull (1997): lambda_ii = ln p_ii, lambda_ij = -lambda_ii p_ij / (1 - p_ii).</summary>
    Jlt = 1,

    /// <summary>Israel, Rosenthal and Wei (2001) diagonal adjustment: negative off-diagonal entries of the log set to 0, the diagonal reset to minus the row's off-diagonal sum.</summary>
    DiagonalAdjustment = 2,

    /// <summary>Israel, Rosenthal and Wei (2001) weighted adjustment: negative off-diagonal entries set to 0 and their mass taken from the row's other entries in proportion to their absolute values.</summary>
    WeightedAdjustment = 3,

    /// <summary>Kreinin and Sidelnikova (2001) quasi-optimisation of the generator (QOG): each row of the log projected (Euclidean) onto the set of valid generator rows.</summary>
    QuasiOptimisation = 4,
}
