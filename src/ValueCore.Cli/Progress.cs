using System.Diagnostics;
using System.Globalization;

namespace ValueCore.Cli;

/// <summary>
/// The one progress renderer of every command: one line on stderr, rewritten in place at most once per
/// <see cref="Interval"/> (the first time after one interval), with done / total, the share done and the time left; cleared when the work ends.
/// </summary>
/// <remarks>
/// Shown only when stderr is a terminal and the command was not given <c>--quiet</c> (<see cref="For"/> returns null
/// otherwise), so redirected output and logs never hold it. The library reports through <see cref="IProgress{T}"/>
/// of a count against a total known up front (bytes of a book read, scenarios simulated, replications drawn);
/// reports come from any thread. Outputs do not depend on it. docs/conventions.md, "Workbooks (results.xlsx) and progress".
/// </remarks>
internal sealed class Progress : IProgress<long>
{
    /// <summary>The least time between two redraws.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TextWriter _error;
    private readonly string _label;
    private readonly string _unit;
    private readonly long _total;
    private readonly Func<TimeSpan> _clock;
    private readonly object _gate = new();
    private TimeSpan _lastDraw; // nothing is drawn in the first interval: a short run shows no progress at all
    private int _width;

    /// <summary>A renderer writing to <paramref name="error"/> with the given clock (tests pass a fake one).</summary>
    /// <param name="error">Where the line goes.</param>
    /// <param name="label">What runs, e.g. <c>raroc: reading the book</c>.</param>
    /// <param name="total">The count at the end (greater than 0).</param>
    /// <param name="unit">The count's unit, e.g. <c>MB</c> or <c>scenarios</c>.</param>
    /// <param name="clock">Time since the work started.</param>
    public Progress(TextWriter error, string label, long total, string unit, Func<TimeSpan> clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        _error = error;
        _label = label;
        _total = total;
        _unit = unit;
        _clock = clock;
    }

    /// <summary>The bytes a streaming job reads from a book, for a progress total: the file's length for a plain CSV
    /// file; 0 (no progress shown) for a source whose bytes read are not its length on disk (compressed CSV, Parquet
    /// rendered as CSV, a folder of parts).</summary>
    /// <param name="book">The book's path.</param>
    public static long BookBytes(string book) =>
        ValueCore.IO.Sources.BookSource.IsParquet(book) || book.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            || book.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) || !File.Exists(book)
            ? 0
            : new FileInfo(book).Length;

    /// <summary>The renderer for a command, or null when stderr is not a terminal or the command is quiet.</summary>
    /// <param name="ctx">The command's context.</param>
    /// <param name="args">The command's options (<c>--quiet</c>).</param>
    /// <param name="label">What runs.</param>
    /// <param name="total">The count at the end; null when there is nothing to count (0 or less).</param>
    /// <param name="unit">The count's unit.</param>
    public static Progress? For(CliContext ctx, CliArgs args, string label, long total, string unit)
    {
        if (!ctx.ErrorIsTerminal || args.Has(QuietOption) || total <= 0)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        return new Progress(ctx.Error, label, total, unit, () => watch.Elapsed);
    }

    /// <summary>A note after the count, e.g. <c>3 silos alive</c> (the cluster option); null for none. Set from any thread.</summary>
    public string? Detail { get; set; }

    /// <summary>The option every command takes to show no progress.</summary>
    public const string QuietOption = "quiet";

    /// <summary>Records the count done; redraws the line when <see cref="Interval"/> has passed since the last draw.</summary>
    /// <param name="value">The count done so far.</param>
    public void Report(long value)
    {
        lock (_gate)
        {
            var now = _clock();
            if (now - _lastDraw < Interval)
            {
                return;
            }

            _lastDraw = now;
            string line = Line(value, now);
            _error.Write("\r" + line.PadRight(_width));
            _width = line.Length;
            _error.Flush();
        }
    }

    /// <summary>Clears the line (the command prints its own summary next).</summary>
    public void Done()
    {
        lock (_gate)
        {
            if (_width > 0)
            {
                _error.Write("\r" + new string(' ', _width) + "\r");
                _error.Flush();
                _width = 0;
            }
        }
    }

    /// <summary>The line for <paramref name="done"/> at time <paramref name="elapsed"/>: label, done / total unit, share, time left.</summary>
    internal string Line(long done, TimeSpan elapsed)
    {
        double share = Math.Clamp((double)done / _total, 0, 1);
        string left = share > 0 && elapsed > TimeSpan.Zero ? Duration(elapsed.TotalSeconds * (1 - share) / share) + " left" : "time left not known yet";
        string detail = Detail is string d ? ", " + d : "";
        return string.Create(CultureInfo.InvariantCulture, $"{_label}: {done:N0} / {_total:N0} {_unit} ({share * 100:F0}%){detail}, {left}");
    }

    /// <summary>A time span as a reader takes it in: <c>45 s</c>, <c>3 min 05 s</c>, <c>1 h 02 min</c>.</summary>
    internal static string Duration(double seconds)
    {
        long s = (long)Math.Ceiling(seconds);
        return s < 60 ? string.Create(CultureInfo.InvariantCulture, $"{s} s")
            : s < 3600 ? string.Create(CultureInfo.InvariantCulture, $"{s / 60} min {s % 60:D2} s")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 3600} h {s % 3600 / 60:D2} min");
    }
}
