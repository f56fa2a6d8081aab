namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore version</c>: prints the tool version.</summary>
internal static class VersionCommand
{
    public static CommandSpec Spec { get; } = new("version", "Print the tool version.", [], (_, ctx) =>
    {
        ctx.Out.WriteLine(CommandLine.Version);
        return ExitCodes.Success;
    });
}
