using System.Diagnostics;
using System.Globalization;

namespace ValueCore.Cli.Commands;

/// <summary>Wall time per phase of an impairment command, printed to the error stream when VALUECORE_TIMING is set (for profiling).</summary>
internal sealed class ImpairPhases
{
    private readonly TextWriter? _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;

    private ImpairPhases(TextWriter? writer) => _writer = writer;

    public static ImpairPhases Start(CliContext ctx) =>
        new(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VALUECORE_TIMING")) ? null : ctx.Error);

    public void Mark(string phase)
    {
        if (_writer is null)
        {
            return;
        }

        var now = _clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timing: {phase,-20}{(now - _last).TotalSeconds,8:F3} s wall {(cpu - _lastCpu).TotalSeconds,8:F3} s CPU  (total {now.TotalSeconds:F3} s, GC heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB)"));
        _last = now;
        _lastCpu = cpu;
    }
}
