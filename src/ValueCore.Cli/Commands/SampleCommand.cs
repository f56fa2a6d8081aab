using System.Globalization;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore sample</c>: writes a realistic synthetic loan book.</summary>
internal static class SampleCommand
{
    public static CommandSpec Spec { get; } = new(
        "sample",
        "Write a realistic synthetic loan book of any size (deterministic for a seed).",
        [
            new("rows", "N", "Number of loans (default 1000)."),
            new("seed", "S", "Seed (default 42)."),
            new("provisioning", null, "Add the provisioning columns (eir, amortisation, remaining_term, dpd, impairment ...) so provision ecl, provision migration and scenario --measures provision run on the book."),
            new("out", "FILE", "Output CSV.", Required: true),
        ],
        Run);

    private static int Run(CliArgs args, CliContext ctx)
    {
        long rows = args.GetLong("rows", 1000, 0, long.MaxValue);
        int seed = args.GetInt("seed", 42);
        string path = args.Require("out");
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"--out {path} is a folder; sample writes one file (e.g. --out {Path.Combine(path, "book.csv")})");
        }

        // One file, not an output folder: written under a temporary name beside it and renamed on success.
        string temp = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                SampleLoanBook.Write(stream, rows, seed, args.Has("provisioning"));
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"valuecore sample: {rows:N0} loans (seed {seed}) written to {path}"));
        return ExitCodes.Success;
    }
}
