using ValueCore.Cli;

namespace ValueCore.Tests.Cli;

/// <summary>Runs the CLI in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }
}
