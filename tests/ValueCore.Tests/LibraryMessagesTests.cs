using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ValueCore.Tests;

/// <summary>Issue 16: no library message names a CLI flag. The library states the rule (and, where an option resolves an
/// issue, names it in <see cref="DataIssue.Setting"/>); the CLI translates into the flag to use.</summary>
public sealed partial class LibraryMessagesTests
{
    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    [GeneratedRegex("--[a-z]")]
    private static partial Regex Flag();

    [Fact]
    public void StringLiterals_OfTheLibrary_NameNoCommandLineFlag()
    {
        string src = Path.Combine(Root(), "src", "ValueCore");
        var found = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(src, file);
            if (relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (line, literal) in StringLiterals(File.ReadAllText(file)))
            {
                if (Flag().IsMatch(literal))
                {
                    found.Add($"{relative}:{line}: {literal}");
                }
            }
        }

        found.Should().BeEmpty("library messages state the rule; the CLI names its flags (DataIssue.Setting, OptionHints)");
    }

    [Fact]
    public void StringLiterals_FlagInEveryKindOfLiteral_Found()
    {
        const string code = "/// <summary>use --doc</summary>\n// --comment\n/* --block */ var a = \"use --keep\"; var b = $\"give {x} --rho\";\n"
            + "var c = @\"a \"\"q\"\" --states\"; var d = \"\"\"\nraw --absorbing\n\"\"\"; var e = '-'; var f = \"plain\";";

        var literals = StringLiterals(code).Select(l => l.Text).Where(t => Flag().IsMatch(t)).ToList();

        literals.Should().HaveCount(4).And.OnlyContain(t => !t.Contains("--doc") && !t.Contains("--comment") && !t.Contains("--block"));
    }

    /// <summary>The string literals of C# source (regular, interpolated, verbatim, raw) with their line; comments skipped.</summary>
    private static List<(int Line, string Text)> StringLiterals(string code)
    {
        var result = new List<(int, string)>();
        int line = 1;
        int i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                while (i < code.Length && code[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                int end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? code.Length : end + 2;
                line += code.AsSpan(i, end - i).Count('\n');
                i = end;
            }
            else if (c == '\'')
            {
                i++;
                while (i < code.Length && code[i] != '\'')
                {
                    i += code[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (c == '"')
            {
                int start = i;
                int prefix = i;
                bool verbatim = false;
                while (prefix > 0 && code[prefix - 1] is '@' or '$')
                {
                    verbatim |= code[prefix - 1] == '@';
                    prefix--;
                }

                var text = new StringBuilder();
                if (code.AsSpan(i).StartsWith("\"\"\""))
                {
                    int end = code.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    end = end < 0 ? code.Length : end;
                    text.Append(code, i + 3, end - i - 3);
                    i = Math.Min(code.Length, end + 3);
                }
                else
                {
                    i++;
                    while (i < code.Length)
                    {
                        if (verbatim && code[i] == '"' && i + 1 < code.Length && code[i + 1] == '"')
                        {
                            text.Append('"');
                            i += 2;
                        }
                        else if (code[i] == '"')
                        {
                            i++;
                            break;
                        }
                        else if (!verbatim && code[i] == '\\')
                        {
                            text.Append(code, i, Math.Min(2, code.Length - i));
                            i += 2;
                        }
                        else
                        {
                            text.Append(code[i]);
                            i++;
                        }
                    }
                }

                result.Add((line, text.ToString()));
                line += code.AsSpan(start, Math.Min(i, code.Length) - start).Count('\n');
            }
            else
            {
                i++;
            }
        }

        return result;
    }
}
