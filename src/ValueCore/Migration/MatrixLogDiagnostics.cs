using System.Numerics;

namespace ValueCore.Migration;

/// <summary>What the principal logarithm of a one-period transition matrix looks like: whether it exists, whether it is a valid generator, and the conditions of Israel, Rosenthal and Wei (2001).</summary>
/// <param name="Determinant">det P.</param>
/// <param name="Eigenvalues">The eigenvalues of P (complex, in the order Math.NET's eigen-decomposition returns them).</param>
/// <param name="HasRealLogarithm">Whether the principal logarithm exists as a real matrix (no eigenvalue on the closed negative real axis).</param>
/// <param name="DiagonalsAboveHalf">Whether every p_ii &gt; 1/2 (IRW Theorem 3.1: the series for log P converges and at most one valid generator exists when det P &gt; 1/2 too).</param>
/// <param name="NegativeOffDiagonalCount">The number of negative off-diagonal entries of log P (0 when it has none or does not exist).</param>
/// <param name="NegativeOffDiagonalSum">The sum of those negative entries (&lt;= 0), per year.</param>
/// <param name="IsValidGenerator">Whether log P is a valid generator (exists, no negative off-diagonal entry).</param>
public sealed record MatrixLogDiagnostics(
    double Determinant,
    IReadOnlyList<Complex> Eigenvalues,
    bool HasRealLogarithm,
    bool DiagonalsAboveHalf,
    int NegativeOffDiagonalCount,
    double NegativeOffDiagonalSum,
    bool IsValidGenerator);
