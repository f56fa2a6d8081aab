namespace ValueCore.Scenarios;

/// <summary>The operations on one field in a <see cref="ScenarioBuilder"/> (e.g. <c>.Pd.Multiply(1.5)</c>); each adds a shock with the
/// pending filter and returns the scenario builder.</summary>
public sealed class ShockBuilder
{
    private readonly ScenarioBuilder _owner;
    private readonly ShockTarget _target;

    internal ShockBuilder(ScenarioBuilder owner, ShockTarget target)
    {
        _owner = owner;
        _target = target;
    }

    /// <summary>Multiplies the field (PD, LGD, EAD, fees, opex).</summary>
    /// <param name="factor">The factor, &gt;= 0.</param>
    /// <returns>The scenario builder.</returns>
    /// <exception cref="ArgumentException">The field cannot be multiplied (rates are shifted).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The factor is negative or not finite.</exception>
    public ScenarioBuilder Multiply(double factor) => _owner.Add(_target, ShockOperation.Multiply, factor);

    /// <summary>Adds to the field (PD, LGD), bounded to its range.</summary>
    /// <param name="shift">The shift, in (-1, 1).</param>
    /// <returns>The scenario builder.</returns>
    /// <exception cref="ArgumentException">The field cannot be shifted this way.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The shift is outside (-1, 1).</exception>
    public ScenarioBuilder Add(double shift) => _owner.Add(_target, ShockOperation.Add, shift);

    /// <summary>Sets the field (PD in (0, 1], LGD in [0, 1]).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The scenario builder.</returns>
    /// <exception cref="ArgumentException">The field cannot be set.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the field's range.</exception>
    public ScenarioBuilder Set(double value) => _owner.Add(_target, ShockOperation.Set, value);

    /// <summary>Shifts a rate (client rate or FTP rate) by basis points.</summary>
    /// <param name="basisPoints">The shift in basis points (200 = +2%), in (-10,000, 10,000).</param>
    /// <returns>The scenario builder.</returns>
    /// <exception cref="ArgumentException">The field is not a rate.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The shift is outside its range.</exception>
    public ScenarioBuilder ShiftBp(double basisPoints) => _owner.Add(_target, ShockOperation.Add, basisPoints / 10_000.0);

    /// <summary>Conditions PD on the systematic factor: PD(Z) = N((G(PD) − √R · Z) / √(1 − R)).</summary>
    /// <param name="z">The factor value; Z &lt; 0 is a downturn.</param>
    /// <param name="correlation">R in (0, 1) for every selected loan; null (default) uses each loan's IRB correlation.</param>
    /// <returns>The scenario builder.</returns>
    /// <exception cref="ArgumentException">The field is not PD.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Z is not finite or R is outside (0, 1).</exception>
    public ScenarioBuilder ConditionOnZ(double z, double? correlation = null) => _owner.Add(_target, ShockOperation.ConditionOnZ, z, correlation);

    /// <summary>Sets EAD to drawn + ccf · undrawn (a credit conversion factor on the undrawn commitment).</summary>
    /// <param name="ccf">The credit conversion factor, in [0, 1].</param>
    /// <returns>The scenario builder.</returns>
    /// <exception cref="ArgumentException">The field is not EAD.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The factor is outside [0, 1].</exception>
    /// <remarks>The book must carry drawn and undrawn amounts (<see cref="Portfolio.LoanBook.WithDrawnAndUndrawn"/>; the scenario
    /// run from files reads the <c>drawn</c> and <c>undrawn</c> columns); applying the scenario to a book without them throws.</remarks>
    public ScenarioBuilder Ccf(double ccf) => _owner.Add(_target, ShockOperation.CreditConversion, ccf);
}
