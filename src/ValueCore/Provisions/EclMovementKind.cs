namespace ValueCore.Provisions;

/// <summary>A line of the movement of the loss allowance between two reporting dates (IFRS 7 35H), in report order.</summary>
public enum EclMovementKind
{
    /// <summary>The opening allowance, by the opening stage.</summary>
    Opening = 0,

    /// <summary>Opening allowance of loans now in stage 1 moved from their opening stage (negative there, positive in stage 1).</summary>
    TransferToStage1 = 1,

    /// <summary>Opening allowance of loans now in stage 2 moved from their opening stage.</summary>
    TransferToStage2 = 2,

    /// <summary>Opening allowance of loans now in stage 3 moved from their opening stage.</summary>
    TransferToStage3 = 3,

    /// <summary>The closing allowance of loans not in the opening book.</summary>
    New = 4,

    /// <summary>Minus the opening allowance of opening loans not in the closing book.</summary>
    Derecognised = 5,

    /// <summary>Closing minus opening allowance of the loans in both books, by the closing stage.</summary>
    Remeasurement = 6,

    /// <summary>The closing allowance, by the closing stage.</summary>
    Closing = 7,
}
