namespace ValueCore.Migration;

/// <summary>The estimator <see cref="MigrationEstimation.Run"/> uses.</summary>
public enum MigrationMethod
{
    /// <summary>The cohort estimator (<see cref="CohortEstimator"/>): entities in i at a period start and in j at its end (default).</summary>
    Cohort = 0,

    /// <summary>The Aalen-Johansen estimator (<see cref="AalenJohansenEstimator"/>): P(s, t) over the window, non-homogeneous.</summary>
    AalenJohansen = 1,

    /// <summary>The duration (continuous-time) estimator (<see cref="DurationEstimator"/>): a generator, and exp(Lambda x period).</summary>
    Duration = 2,
}
