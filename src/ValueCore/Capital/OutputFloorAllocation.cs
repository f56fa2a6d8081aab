namespace ValueCore.Capital;

/// <summary>How the bank-level output-floor add-on is allocated to groups (segments, business lines) so that each group's RAROC can be computed on its share of the floored RWA.</summary>
public enum OutputFloorAllocation
{
    /// <summary>Pro rata to each group's standardised RWA (the default): the floor is a share of the standardised RWA, so every unit of
    /// standardised RWA carries the same charge, whatever the group's own models say; additive and independent of how the book is split into groups.</summary>
    StandardisedRwa = 0,

    /// <summary>Pro rata to each group's own shortfall max(0, floor x SA RWA - IRB RWA): only groups whose models fall below the floor carry the add-on.</summary>
    Shortfall = 1,
}
