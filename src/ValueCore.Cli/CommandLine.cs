namespace ValueCore.Cli;

/// <summary>Placeholder dispatcher; replaced by the command table.</summary>
internal static class CommandLine
{
    public static int Run(string[] args) => args.Length == 0 ? 2 : 0;
}
