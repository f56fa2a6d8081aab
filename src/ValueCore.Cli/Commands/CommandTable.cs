namespace ValueCore.Cli.Commands;

/// <summary>Every command of the tool, in the order 'valuecore --help' lists them. Add one line per new command.</summary>
internal static class CommandTable
{
    public static IReadOnlyList<CommandSpec> All { get; } =
    [
        RarocCommand.Spec,
        SampleCommand.Spec,
        CapitalCommand.Spec,
        ScorecardCommand.Spec,
        PriceCommand.Spec,
        LifetimeCommand.Spec,
        FtpCommand.Spec,
        EvaCommand.Spec,
        ScenarioCommand.Spec,
        MigrationCommand.Estimate,
        MigrationCommand.Rates,
        MigrationCommand.GeneratorSpec,
        MigrationCommand.Project,
        ImpairCommand.Spec,
        ImpairEirCommand.Spec,
        ProvisionCommand.Migration,
        ProvisionCommand.Ecl,
        MarketRiskCommand.Spec,
        OpRiskCommand.Spec,
        AggregateCommand.Spec,
        SiloCommand.Spec,
        VersionCommand.Spec,
    ];
}
