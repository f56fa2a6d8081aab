using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

/// <summary>Small hand-worked histories shared by the migration tests.</summary>
internal static class MigrationTestData
{
    public static readonly StateSpace Abd = StateSpace.Create(["A", "B", "D"]);

    /// <summary>
    /// Four entities on a numeric time axis (years), states A, B, D (absorbing):
    /// e1: A@0, B@1, B@2 (censored at 2); e2: A@0, A@2 (censored at 2); e3: A@0, D@1.5; e4: A@0.5 (late entry), A@3.
    /// </summary>
    public static RatingHistory FourEntities() => RatingHistory.Create(Abd, HistoryTimeUnit.Years,
        entity: [0, 0, 0, 1, 1, 2, 2, 3, 3],
        time: [0, 1, 2, 0, 2, 0, 1.5, 0.5, 3],
        state: [0, 1, 1, 0, 0, 0, 2, 0, 0],
        balance: [], reduction: []);
}
