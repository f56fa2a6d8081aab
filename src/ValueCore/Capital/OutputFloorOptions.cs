using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>Settings of <see cref="OutputFloor.Apply(ReadOnlySpan{double}, ReadOnlySpan{double}, OutputFloorOptions?)"/>: the floor fraction and the allocation key of the add-on.</summary>
public sealed record OutputFloorOptions
{
    private readonly double _floor = OutputFloor.FullyPhasedIn;
    private readonly OutputFloorAllocation _allocation = OutputFloorAllocation.StandardisedRwa;

    /// <summary>The default options: the fully phased-in floor 0.725, add-on allocated pro rata to standardised RWA.</summary>
    public static OutputFloorOptions Default { get; } = new();

    /// <summary>The floor, a fraction of the standardised RWA in [0, 1]; default 0.725 (RBC20.11). See <see cref="OutputFloor.PhaseIn"/> for the transitional values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double Floor
    {
        get => _floor;
        init
        {
            if (!(value >= 0.0 && value <= 1.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(Floor), value, "[0, 1]");
            }

            _floor = value;
        }
    }

    /// <summary>The key that allocates the add-on to groups; default <see cref="OutputFloorAllocation.StandardisedRwa"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined key.</exception>
    public OutputFloorAllocation Allocation
    {
        get => _allocation;
        init
        {
            if (!Enum.IsDefined(value))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(Allocation), (double)value, "the defined allocation keys");
            }

            _allocation = value;
        }
    }

    /// <summary>The options of the transitional floor of a year (<see cref="OutputFloor.PhaseIn"/>), allocated pro rata to standardised RWA.</summary>
    /// <param name="year">The calendar year, &gt;= 2023.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is before 2023 or after 9999.</exception>
    public static OutputFloorOptions ForYear(int year) => new() { Floor = OutputFloor.PhaseIn(year) };
}
