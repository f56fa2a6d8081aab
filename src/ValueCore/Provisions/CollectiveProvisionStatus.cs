namespace ValueCore.Provisions;

/// <summary>How a loan is treated by the migration-model collective provisions.</summary>
public enum CollectiveProvisionStatus
{
    /// <summary>Provisioned collectively: EAD x PD_h x LGD.</summary>
    Collective = 0,

    /// <summary>Already in a default state and left to individual assessment: no collective provision.</summary>
    Individual = 1,

    /// <summary>Already in a default state and provisioned at LGD x EAD (<see cref="CollectiveProvisionOptions.ProvisionDefaulted"/>).</summary>
    DefaultedAtLgd = 2,
}
