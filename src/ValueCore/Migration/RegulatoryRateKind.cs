namespace ValueCore.Migration;

/// <summary>The five loan migration rates of the China banking supervisor's off-site indicators.</summary>
public enum RegulatoryRateKind
{
    /// <summary>Pass-loan migration rate: opening pass loans now special mention or worse.</summary>
    Pass = 0,

    /// <summary>Special-mention migration rate: opening special-mention loans now non-performing (substandard, doubtful or loss).</summary>
    SpecialMention = 1,

    /// <summary>Performing-loan migration rate: opening pass and special-mention loans now non-performing.</summary>
    Performing = 2,

    /// <summary>Substandard migration rate: opening substandard loans now doubtful or loss.</summary>
    Substandard = 3,

    /// <summary>Doubtful migration rate: opening doubtful loans now loss.</summary>
    Doubtful = 4,
}
