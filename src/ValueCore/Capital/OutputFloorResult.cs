namespace ValueCore.Capital;

/// <summary>
/// The result of <see cref="OutputFloor.Apply(ReadOnlySpan{double}, ReadOnlySpan{double}, OutputFloorOptions?)"/>: the bank's IRB
/// and standardised RWA, the floored RWA and the add-on, and the same figures by group with the add-on allocated.
/// </summary>
public sealed class OutputFloorResult
{
    internal OutputFloorResult(double floor, OutputFloorAllocation allocation, double rwaIrb, double rwaSa, double[] groupIrb, double[] groupSa, double[] groupAddOn)
    {
        Floor = floor;
        Allocation = allocation;
        RwaIrb = rwaIrb;
        RwaSa = rwaSa;
        RwaFloored = Math.Max(rwaIrb, floor * rwaSa);
        AddOn = RwaFloored - rwaIrb;
        GroupRwaIrb = groupIrb;
        GroupRwaSa = groupSa;
        GroupAddOn = groupAddOn;
        var floored = new double[groupIrb.Length];
        for (int g = 0; g < floored.Length; g++)
        {
            floored[g] = groupIrb[g] + groupAddOn[g];
        }

        GroupRwaFloored = floored;
    }

    /// <summary>The floor applied, a fraction of the standardised RWA.</summary>
    public double Floor { get; }

    /// <summary>The allocation key of the add-on.</summary>
    public OutputFloorAllocation Allocation { get; }

    /// <summary>The bank's RWA on the approaches it is approved to use (IRB, and SA for loans on SA), in currency.</summary>
    public double RwaIrb { get; }

    /// <summary>The bank's RWA on the standardised approach only, in currency.</summary>
    public double RwaSa { get; }

    /// <summary>The floored RWA, max(<see cref="RwaIrb"/>, <see cref="Floor"/> x <see cref="RwaSa"/>) (RBC20.11), in currency.</summary>
    public double RwaFloored { get; }

    /// <summary>The add-on, <see cref="RwaFloored"/> - <see cref="RwaIrb"/>, &gt;= 0, in currency.</summary>
    public double AddOn { get; }

    /// <summary>Whether the floor binds (the add-on is positive).</summary>
    public bool IsBinding => AddOn > 0.0;

    /// <summary>The number of groups.</summary>
    public int GroupCount => GroupRwaIrb.Count;

    /// <summary>IRB RWA of each group, in currency.</summary>
    public IReadOnlyList<double> GroupRwaIrb { get; }

    /// <summary>Standardised RWA of each group, in currency.</summary>
    public IReadOnlyList<double> GroupRwaSa { get; }

    /// <summary>The add-on allocated to each group, &gt;= 0, in currency; the allocations sum to <see cref="AddOn"/> (within one unit in the last place, summed in group order).</summary>
    public IReadOnlyList<double> GroupAddOn { get; }

    /// <summary>Floored RWA of each group, its IRB RWA plus its allocated add-on, in currency.</summary>
    public IReadOnlyList<double> GroupRwaFloored { get; }
}
