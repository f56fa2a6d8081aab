namespace ValueCore.Capital;

/// <summary>The regulatory regime whose PD floors apply.</summary>
public enum CapitalRegime
{
    /// <summary>Basel II (June 2006 framework): PD floor 0.03% for every class except sovereign (paras 285, 331).</summary>
    Basel2 = 0,

    /// <summary>Basel III (December 2017 reforms, CRE32.3 / CRE32.22 / CRE32.33): PD floor 0.05%, 0.10% for qualifying revolving retail; none for sovereign.</summary>
    Basel3 = 1,
}
