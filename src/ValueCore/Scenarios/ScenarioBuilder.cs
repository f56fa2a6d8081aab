namespace ValueCore.Scenarios;

/// <summary>Builds a <see cref="Scenario"/> fluently; the only mutable type of the scenario model.</summary>
/// <remarks>
/// <c>Where</c> sets the filter of the next shock only; after each shock the filter is reset to every loan:
/// <code>
/// var adverse = Scenario.Named("adverse").WithWeight(0.3)
///     .Where("segment", "cre").Where("asset_class", "sme", "corporate").Pd.Multiply(1.5)
///     .Lgd.Add(0.10)
///     .Rate.ShiftBp(200)
///     .Build();
/// </code>
/// </remarks>
public sealed class ScenarioBuilder
{
    private readonly string _name;
    private readonly List<Shock> _shocks = [];
    private double? _weight;
    private ScenarioParameters _parameters = ScenarioParameters.None;
    private MigrationShock? _migration;
    private LoanFilter _where = LoanFilter.All;

    internal ScenarioBuilder(string name) => _name = name;

    /// <summary>PD shocks of the next shock's loans.</summary>
    public ShockBuilder Pd => new(this, ShockTarget.Pd);

    /// <summary>LGD shocks.</summary>
    public ShockBuilder Lgd => new(this, ShockTarget.Lgd);

    /// <summary>EAD shocks.</summary>
    public ShockBuilder Ead => new(this, ShockTarget.Ead);

    /// <summary>Client-rate shifts.</summary>
    public ShockBuilder Rate => new(this, ShockTarget.Rate);

    /// <summary>FTP-rate (funding curve) shifts.</summary>
    public ShockBuilder FtpRate => new(this, ShockTarget.FtpRate);

    /// <summary>Fee-income shocks.</summary>
    public ShockBuilder Fees => new(this, ShockTarget.Fees);

    /// <summary>Operating-cost shocks.</summary>
    public ShockBuilder Opex => new(this, ShockTarget.Opex);

    /// <summary>Restricts the next shock to the loans whose column holds one of the values (conditions on several columns all hold).</summary>
    /// <param name="column">A text column of the loan book.</param>
    /// <param name="values">The accepted values.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The column already has a condition for the next shock, or no value is given.</exception>
    public ScenarioBuilder Where(string column, params IEnumerable<string> values)
    {
        _where = _where.And(column, values);
        return this;
    }

    /// <summary>Restricts the next shock to a filter.</summary>
    /// <param name="filter">The filter.</param>
    /// <returns>This builder.</returns>
    public ScenarioBuilder Where(LoanFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _where = filter;
        return this;
    }

    /// <summary>Sets the probability weight.</summary>
    /// <param name="weight">The weight, in [0, 1].</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The weight is outside [0, 1].</exception>
    public ScenarioBuilder WithWeight(double weight)
    {
        if (!(weight >= 0 && weight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A weight is in [0, 1].");
        }

        _weight = weight;
        return this;
    }

    /// <summary>Sets the hurdle rate.</summary>
    /// <param name="hurdle">The hurdle, a fraction in [-1, 10].</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public ScenarioBuilder Hurdle(double hurdle) => Parameters(_parameters with { Hurdle = Check(hurdle, -1, 10, nameof(hurdle)) });

    /// <summary>Sets the tax rate.</summary>
    /// <param name="taxRate">The tax rate, a fraction in [0, 1).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public ScenarioBuilder Tax(double taxRate) => Parameters(_parameters with { TaxRate = taxRate is >= 0 and < 1 ? taxRate : Check(double.NaN, 0, 1, nameof(taxRate)) });

    /// <summary>Sets the return earned on capital.</summary>
    /// <param name="capitalRate">The rate, a fraction in [-1, 1].</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public ScenarioBuilder CapitalRate(double capitalRate) => Parameters(_parameters with { CapitalRate = Check(capitalRate, -1, 1, nameof(capitalRate)) });

    /// <summary>Sets the IRB confidence level.</summary>
    /// <param name="confidence">The confidence, in [<see cref="Capital.IrbFormula.MinimumConfidence"/>, <see cref="Capital.IrbFormula.MaximumConfidence"/>].</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside its range.</exception>
    public ScenarioBuilder Confidence(double confidence) => Parameters(_parameters with { Confidence = Check(confidence, Capital.IrbFormula.MinimumConfidence, Capital.IrbFormula.MaximumConfidence, nameof(confidence)) });

    /// <summary>Shifts the migration matrix by Z per year (used by the provisions measure).</summary>
    /// <param name="zShiftByYear">Z for year 1, 2, ...; Z &lt; 0 a downturn.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No value is given or a value is not finite.</exception>
    public ScenarioBuilder MigrationZShift(params IEnumerable<double> zShiftByYear)
    {
        _migration = MigrationShock.ZShift(zShiftByYear);
        return this;
    }

    /// <summary>Replaces the migration matrix (used by the provisions measure).</summary>
    /// <param name="matrix">The matrix file.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public ScenarioBuilder MigrationMatrix(string matrix)
    {
        _migration = MigrationShock.Replace(matrix);
        return this;
    }

    /// <summary>Builds the scenario.</summary>
    /// <returns>The immutable scenario.</returns>
    public Scenario Build() => new(_name, _weight, _shocks, _parameters, _migration);

    internal ScenarioBuilder Add(ShockTarget target, ShockOperation operation, double value, double? correlation = null)
    {
        _shocks.Add(new Shock(target, operation, value, correlation) { Where = _where });
        _where = LoanFilter.All;
        return this;
    }

    private ScenarioBuilder Parameters(ScenarioParameters parameters)
    {
        _parameters = parameters;
        return this;
    }

    private static double Check(double value, double min, double max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} is outside [{min}, {max}].");
}
