using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore version</c>: prints the tool version and which build runs (native or framework-dependent).</summary>
internal static class VersionCommand
{
    public static CommandSpec Spec { get; } = new("version", "Print the tool version. A second line says whether this is the native (AOT) or the framework-dependent (JIT) build.", [], (_, ctx) =>
    {
        ctx.Out.WriteLine(CommandLine.Version);
        ctx.Out.WriteLine(Build);
        return ExitCodes.Success;
    });

    /// <summary>One line naming the build. A native AOT executable has no JIT, so it has compiled no method at run time;
    /// a framework-dependent run has (stubs and generic instantiations outside the ReadyToRun images at least). Not
    /// <see cref="RuntimeFeature.IsDynamicCodeSupported"/>: PublishAot sets that switch off in JIT runs too.</summary>
    internal static string Build => JitInfo.GetCompiledMethodCount() > 0
        ? $"framework-dependent build (JIT) on .NET {Environment.Version}, {RuntimeInformation.RuntimeIdentifier}"
        : $"native AOT executable, {RuntimeInformation.RuntimeIdentifier}";
}
