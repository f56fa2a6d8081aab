namespace ValueCore.Cli.Commands;

/// <summary>Every command of the tool, in the order 'valuecore --help' lists them. Add one line per new command.</summary>
internal static class CommandTable
{
    public static IReadOnlyList<CommandSpec> All { get; } =
    [
        RarocCommand.Spec,
        ScorecardCommand.Spec,
        PriceCommand.Spec,
        FtpCommand.Spec,
        EvaCommand.Spec,
        SampleCommand.Spec,
        MigrationCommand.Estimate,
        MigrationCommand.Rates,
        MigrationCommand.GeneratorSpec,
        MigrationCommand.Project,
        MarketRiskCommand.Spec,
        OpRiskCommand.Spec,
        AggregateCommand.Spec,
        ScenarioCommand.Spec,
        ImpairCommand.Spec,
        ImpairEirCommand.Spec,
        VersionCommand.Spec,
    ];
}
