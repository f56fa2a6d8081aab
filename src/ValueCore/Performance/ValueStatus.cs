namespace ValueCore.Performance;

/// <summary>Whether a unit, product, customer or loan creates or destroys value (the sign of its EVA).</summary>
public enum ValueStatus
{
    /// <summary>EVA = 0: earns exactly the hurdle.</summary>
    Neutral = 0,

    /// <summary>EVA &gt; 0: RAROC above the hurdle.</summary>
    Creator = 1,

    /// <summary>EVA &lt; 0: RAROC below the hurdle.</summary>
    Destroyer = 2,
}
