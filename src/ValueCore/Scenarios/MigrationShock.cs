namespace ValueCore.Scenarios;

/// <summary>A scenario's change to the rating-migration matrix, used by the provisions measure (migration and ECL) when it is
/// part of the run; RAROC and IRB capital do not use it.</summary>
/// <remarks>Either a Z-shift per projection year (a Vasicek shift of the matrix, Z &lt; 0 a downturn; the last value holds for the
/// later years) or a replacement matrix (a file name, read by the provisions measure).</remarks>
public sealed class MigrationShock : IEquatable<MigrationShock>
{
    private readonly double[] _zShiftByYear;

    private MigrationShock(double[] zShiftByYear, string? matrix)
    {
        _zShiftByYear = zShiftByYear;
        Matrix = matrix;
    }

    /// <summary>A Z-shift of the migration matrix per year.</summary>
    /// <param name="zShiftByYear">Z for year 1, 2, ...; at least one finite value.</param>
    /// <returns>The migration shock.</returns>
    /// <exception cref="ArgumentException">No value is given or a value is not finite.</exception>
    public static MigrationShock ZShift(params IEnumerable<double> zShiftByYear)
    {
        ArgumentNullException.ThrowIfNull(zShiftByYear);
        var z = zShiftByYear.ToArray();
        if (z.Length == 0 || z.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("A migration Z-shift needs at least one finite value.", nameof(zShiftByYear));
        }

        return new MigrationShock(z, null);
    }

    /// <summary>A replacement migration matrix.</summary>
    /// <param name="matrix">The matrix file (as given in the scenario file).</param>
    /// <returns>The migration shock.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static MigrationShock Replace(string matrix)
    {
        ArgumentException.ThrowIfNullOrEmpty(matrix);
        return new MigrationShock([], matrix);
    }

    /// <summary>Z per projection year; empty for a replacement matrix.</summary>
    public IReadOnlyList<double> ZShiftByYear => _zShiftByYear;

    /// <summary>The replacement matrix file; null for a Z-shift.</summary>
    public string? Matrix { get; }

    /// <inheritdoc/>
    public bool Equals(MigrationShock? other) => other is not null && Matrix == other.Matrix && _zShiftByYear.SequenceEqual(other._zShiftByYear);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MigrationShock);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Matrix, _zShiftByYear.Length, _zShiftByYear.FirstOrDefault());
}
