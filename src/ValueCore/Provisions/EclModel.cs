using ValueCore.Migration;

namespace ValueCore.Provisions;

/// <summary>The migration model of a segment for <see cref="EclCalculator"/> with its cumulative PD curves, one per scenario.</summary>
/// <param name="Model">The one-year model with the default states absorbing (<see cref="DefaultStates"/>); its states are the valid classifications.</param>
/// <param name="Curves">The PD curves per scenario (one when there are no scenarios), all on the model's states, with the
/// run's periods per year. Their horizon must cover the book's remaining terms (a loan beyond it is invalid);
/// <see cref="EclBook.MaxRemainingYears"/> years covers every term a book may hold. The figures do not depend on the
/// horizon otherwise (a curve's first k periods are the same whatever its length).</param>
public sealed record EclModel(ITransitionModel Model, IReadOnlyList<PDCurveSet> Curves);
