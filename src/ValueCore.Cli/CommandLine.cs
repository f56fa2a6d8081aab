using System.Reflection;
using ValueCore.Cli.Commands;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli;

/// <summary>Dispatches to a command, prints help, and maps failures to exit codes (0 ok, 2 usage, 3 invalid input).</summary>
internal static class CommandLine
{
    public static int Run(string[] args) => Run(args, new CliContext(Console.Out, Console.Error) { ErrorIsTerminal = !Console.IsErrorRedirected });

    public static int Run(IReadOnlyList<string> args, CliContext context)
    {
        var commands = CommandTable.All;
        if (args.Count == 0 || args[0] is "--help" or "-h" || (args[0] is "help" && args.Count == 1))
        {
            PrintOverview(context.Out, commands);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args[0] is "help")
        {
            // "valuecore help CMD" is "valuecore CMD --help".
            return Run([.. args.Skip(1), "--help"], context);
        }

        if (args[0] is "--version")
        {
            context.Out.WriteLine(Version);
            return ExitCodes.Success;
        }

        // The longest command name that matches the leading words ("migration estimate" before "migration").
        CommandSpec? command = null;
        int words = 0;
        foreach (var c in commands)
        {
            var parts = c.Name.Split(' ');
            if (parts.Length > words && parts.Length <= args.Count && parts.Select((p, i) => p == args[i]).All(b => b))
            {
                command = c;
                words = parts.Length;
            }
        }

        if (command is null)
        {
            var family = commands.Where(c => c.Name.StartsWith(args[0] + " ", StringComparison.Ordinal)).ToList();
            if (family.Count > 0)
            {
                if (args.Skip(1).Any(a => a is "--help" or "-h"))
                {
                    PrintFamily(context.Out, args[0], family);
                    return ExitCodes.Success;
                }

                context.Error.WriteLine($"valuecore {args[0]}: choose one of: {string.Join(", ", family.Select(c => c.Name))} (see 'valuecore {args[0]} --help')");
                return ExitCodes.Usage;
            }

            context.Error.WriteLine($"valuecore: unknown command '{args[0]}'. Run 'valuecore --help' for the list.");
            return ExitCodes.Usage;
        }

        command = WithRawTextOption(command);
        command = WithWorkbookAndQuietOptions(command);
        command = ReportOption.With(command);
        var rest = args.Skip(words).ToList();
        if (rest.Any(a => a is "--help" or "-h"))
        {
            PrintHelp(context.Out, command);
            var subcommands = commands.Where(c => c.Name.StartsWith(command.Name + " ", StringComparison.Ordinal)).ToList();
            if (subcommands.Count > 0)
            {
                context.Out.WriteLine();
                PrintFamily(context.Out, command.Name, subcommands);
            }

            return ExitCodes.Success;
        }

        OutputFolderGuard? folder = null;
        try
        {
            var parsed = CliArgs.Parse(rest, command);
            ReportOption.Check(parsed);
            folder = OutputFolderGuard.Open(command, parsed);
            bool rawText = CsvText.RawText;
            CsvText.RawText = parsed.Has(RawTextOption.Name);
            var workbook = ResultWorkbook.Request;
            ResultWorkbook.Request = WorkbookRequestOf(command, parsed, context);
            try
            {
                int code = command.Run(parsed, context);
                if (code == ExitCodes.Success)
                {
                    ReportOption.WriteIfAsked(command, parsed, context);
                }

                if (code == ExitCodes.InvalidInput)
                {
                    folder?.RemoveEarlierRun();
                }

                return code;
            }
            catch (DataValidationException e)
            {
                // A --db book's rows are named by their loan_id too, read from the spool before it is deleted.
                var named = Commands.BookOptions.NameDbRows(e);
                if (ReferenceEquals(named, e))
                {
                    throw;
                }

                throw named;
            }
            finally
            {
                CsvText.RawText = rawText;
                Commands.BookOptions.DeleteSpools(); // a --db book's spooled rows
                ResultWorkbook.Request = workbook;
            }
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"valuecore {command.Name}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (DataValidationException e)
        {
            folder?.RemoveEarlierRun();
            foreach (var issue in e.Issues)
            {
                context.Error.WriteLine(OptionHints.Apply(issue, e.Source).Format(e.Source));
            }

            context.Error.WriteLine(e.TotalIssues > e.Issues.Count
                ? $"{e.Source}: {e.TotalIssues} problems found ({e.Issues.Count} listed); nothing was written."
                : $"{e.Source}: {e.TotalIssues} problem(s) found; nothing was written.");
            return ExitCodes.InvalidInput;
        }
        catch (CsvFormatException e)
        {
            // The library names the sign; the CLI names the option that reads such a file (one line, not an issue a row).
            folder?.RemoveEarlierRun();
            var options = new List<string>();
            if (e.SuggestedDelimiter is char d)
            {
                options.Add(d == '\t' ? "--delimiter '\\t'" : $"--delimiter '{d}'");
            }

            if (e.SuggestedDecimalSeparator is char s)
            {
                options.Add($"--decimal '{s}'");
            }

            context.Error.WriteLine(options.Count == 0 ? e.Message : $"{e.Message} (read it with {string.Join(" ", options)})");
            return ExitCodes.InvalidInput;
        }
        catch (InvalidInputException e)
        {
            folder?.RemoveEarlierRun();
            context.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file that cannot be read or written (an output folder not usable, a target in the way, a full disk) is
            // a usage error: the run's options name something it cannot use (docs/conventions.md, "The output folder").
            context.Error.WriteLine($"valuecore {command.Name}: {e.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>The option every command that writes CSV takes: text cells as read, without the formula apostrophe.</summary>
    private static readonly OptionSpec RawTextOption = new("raw-text", null,
        "Write text cells exactly as read: no leading apostrophe before a text starting with =, +, -, @, tab or CR (for machine consumers; docs/conventions.md, \"Text in and out\").");

    /// <summary>The command with <c>--raw-text</c> among its options (every command but <c>version</c> and <c>sample</c>, which write no text read from input).</summary>
    private static CommandSpec WithRawTextOption(CommandSpec command) =>
        command.Name is "version" or "sample" or "silo" || command.Options.Any(o => o.Name == RawTextOption.Name) ? command : command with { Options = [.. command.Options, RawTextOption] };

    /// <summary>The option of every command that writes an output folder: also write its CSV tables as results.xlsx.</summary>
    private static readonly OptionSpec XlsxOption = new("xlsx", null,
        "Also write results.xlsx: one sheet per CSV table (group tables with a totals row) and a parameters sheet (docs/conventions.md, \"Workbooks (results.xlsx) and progress\").");

    /// <summary>The option of every command: no progress line on stderr.</summary>
    private static readonly OptionSpec QuietOption = new(Progress.QuietOption, null, "Show no progress on stderr (shown only when stderr is a terminal).");

    /// <summary>The command with <c>--xlsx</c> (when it writes an output folder) and <c>--quiet</c> among its options
    /// (every command but <c>version</c>, which does no work and takes no option).</summary>
    private static CommandSpec WithWorkbookAndQuietOptions(CommandSpec command)
    {
        bool folder = command.Options.Any(o => o.Name == "out" && o.ValueName == "DIR");
        var extra = new List<OptionSpec>();
        if (folder && !command.Options.Any(o => o.Name == XlsxOption.Name))
        {
            extra.Add(XlsxOption);
        }

        if (command.Name != "version" && !command.Options.Any(o => o.Name == QuietOption.Name))
        {
            extra.Add(QuietOption);
        }

        return extra.Count == 0 ? command : command with { Options = [.. command.Options, .. extra] };
    }

    /// <summary>The workbook request of a command given <c>--xlsx</c>: its options as parameters, warnings to stderr; null without it.</summary>
    private static WorkbookRequest? WorkbookRequestOf(CommandSpec command, CliArgs args, CliContext context)
    {
        if (!args.Has(XlsxOption.Name))
        {
            return null;
        }

        var parameters = command.Options
            .Where(o => o.Name != XlsxOption.Name && o.Name != QuietOption.Name && args.Has(o.Name))
            .Select(o => KeyValuePair.Create(o.Name, o.IsFlag ? "true" : o.Repeatable ? string.Join("; ", args.GetAll(o.Name))
                : o.Name is "db" or "out-db" ? "(a connection string: not recorded, it may hold a password)" : args.Get(o.Name) ?? ""))
            .ToList();
        return new WorkbookRequest("valuecore " + command.Name, parameters, message => context.Error.WriteLine($"valuecore {command.Name}: warning: {message}"));
    }

    public static string Version { get; } =
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static void PrintOverview(TextWriter output, IReadOnlyList<CommandSpec> commands)
    {
        output.WriteLine($"valuecore {Version}: value management for banks (RAROC, EVA, economic capital, provisions).");
        output.WriteLine();
        output.WriteLine("Usage: valuecore <command> [options]    (valuecore <command> --help, or valuecore help <command>, for its options)");
        output.WriteLine();
        output.WriteLine("Commands:");
        int width = commands.Max(c => c.Name.Length) + 2;
        foreach (var c in commands)
        {
            output.WriteLine($"  {c.Name.PadRight(width)}{c.Summary}");
        }

        output.WriteLine();
        output.WriteLine("Exit codes: 0 success, 2 usage error, 3 invalid input.");
    }

    /// <summary>The subcommands of a family (<c>valuecore migration --help</c>) with their summaries.</summary>
    private static void PrintFamily(TextWriter output, string family, IReadOnlyList<CommandSpec> subcommands)
    {
        output.WriteLine($"Subcommands of valuecore {family}:");
        int width = subcommands.Max(c => c.Name.Length) + 2;
        foreach (var c in subcommands)
        {
            output.WriteLine($"  {c.Name.PadRight(width)}{c.Summary}");
        }

        output.WriteLine();
        output.WriteLine($"Run 'valuecore {family} <subcommand> --help' (or 'valuecore help {family} <subcommand>') for its options.");
    }

    private static void PrintHelp(TextWriter output, CommandSpec command)
    {
        output.WriteLine($"valuecore {command.Name}: {command.Summary}");
        output.WriteLine();
        output.WriteLine($"Usage: valuecore {string.Join(' ', command.Options.Select(Synopsis).Prepend(command.Name))}");
        output.WriteLine();
        output.WriteLine(command.Options.Count == 0 ? "Options: none." : "Options:");
        var labels = command.Options.Select(o => o.IsFlag ? $"--{o.Name}" : $"--{o.Name} {o.ValueName}").ToList();
        int width = labels.Select(l => l.Length).DefaultIfEmpty(0).Max() + 2;
        for (int i = 0; i < labels.Count; i++)
        {
            output.WriteLine($"  {labels[i].PadRight(width)}{command.Options[i].Help}");
        }

        if (command.Details is not null)
        {
            output.WriteLine();
            output.WriteLine(command.Details);
        }

        output.WriteLine();
        output.WriteLine("Exit codes: 0 success, 2 usage error, 3 invalid input.");
    }

    private static string Synopsis(OptionSpec o)
    {
        string s = o.IsFlag ? $"--{o.Name}" : $"--{o.Name} {o.ValueName}";
        return o.Required ? s : $"[{s}]";
    }
}
