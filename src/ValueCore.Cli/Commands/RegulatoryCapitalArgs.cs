using ValueCore.Capital;

namespace ValueCore.Cli.Commands;

/// <summary>
/// raroc's regulatory-capital options (issue 20 item 5): --output-floor F or --floor-year YYYY, --capital-basis
/// economic|regulatory|binding and --capital-ratio R, parsed and validated into the library's options records.
/// </summary>
/// <remarks>
/// Rules: --output-floor and --floor-year exclude each other; the output floor and a regulatory or binding basis are Basel III
/// rules and need --regime basel3; a regulatory or binding basis without a floor option uses the fully phased-in 0.725;
/// --capital-ratio (default 0.08) only with a regulatory or binding basis. Every breach is a usage error (exit 2).
/// </remarks>
internal static class RegulatoryCapitalArgs
{
    /// <summary>The options of raroc that this class reads.</summary>
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("output-floor", "F", "Output floor, a fraction of standardised RWA in [0, 1] (RBC20.11; fully phased in 0.725); needs --regime basel3."),
        new("floor-year", "YYYY", "The transitional output floor of a year (RBC90.2: 2023 0.50 ... 2027 0.70, 2028+ 0.725); instead of --output-floor."),
        new("capital-basis", "economic|regulatory|binding", "Capital of RAROC/EVA: economic (default), regulatory (ratio x floored RWA) or the larger per group."),
        new("capital-ratio", "R", "Regulatory capital per unit of floored RWA, in (0, 1] (default 0.08); with --capital-basis regulatory|binding."),
    ];

    /// <summary>The floor and basis options, or nulls when none of the options is given.</summary>
    /// <exception cref="UsageException">An option is out of range or the combination breaks a rule of the remarks.</exception>
    public static (OutputFloorOptions? Floor, CapitalBasisOptions? Basis) Read(CliArgs args, CapitalRegime regime)
    {
        bool floorGiven = args.Has("output-floor"), yearGiven = args.Has("floor-year");
        if (floorGiven && yearGiven)
        {
            throw new UsageException("--output-floor and --floor-year exclude each other: give the floor or the year of its phase-in");
        }

        var basis = args.Get("capital-basis") switch
        {
            null => (CapitalBasis?)null,
            "economic" => CapitalBasis.Economic,
            "regulatory" => CapitalBasis.Regulatory,
            "binding" => CapitalBasis.Binding,
            var other => throw new UsageException($"--capital-basis = {other} must be economic, regulatory or binding"),
        };
        bool regulatory = basis is CapitalBasis.Regulatory or CapitalBasis.Binding;
        if (args.Has("capital-ratio") && !regulatory)
        {
            throw new UsageException("--capital-ratio applies only with --capital-basis regulatory or binding");
        }

        if ((floorGiven || yearGiven || regulatory) && regime != CapitalRegime.Basel3)
        {
            throw new UsageException("the output floor and a regulatory or binding capital basis are Basel III rules: add --regime basel3");
        }

        OutputFloorOptions? floor = null;
        if (floorGiven)
        {
            floor = new OutputFloorOptions { Floor = args.GetDouble("output-floor", OutputFloor.FullyPhasedIn, 0.0, 1.0) };
        }
        else if (yearGiven)
        {
            floor = OutputFloorOptions.ForYear(args.GetInt("floor-year", OutputFloor.FirstYear, OutputFloor.FirstYear, 9999));
        }
        else if (regulatory)
        {
            floor = OutputFloorOptions.Default;
        }

        CapitalBasisOptions? basisOptions = basis is CapitalBasis b
            ? new CapitalBasisOptions { Basis = b, CapitalRatio = regulatory ? args.GetDouble("capital-ratio", CapitalBasisOptions.DefaultCapitalRatio, double.Epsilon, 1.0) : CapitalBasisOptions.DefaultCapitalRatio }
            : null;
        return (floor, basisOptions);
    }
}
