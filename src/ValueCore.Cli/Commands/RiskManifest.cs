using System.Text.Encodings.Web;
using System.Text.Json;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary>Shared output helpers of the risk commands (market-risk, op-risk, aggregate): JSON writers and manifest.json.</summary>
internal static class RiskManifest
{
    public static JsonWriterOptions JsonOptions { get; } = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes manifest.json: tool version, command, every parameter, input files with SHA-256 and row counts.</summary>
    public static void Write(OutputDirectory output, string command, IReadOnlyList<(string Name, string Value)> parameters,
        IReadOnlyList<(string Option, string Path, long Rows)> inputs)
    {
        using var stream = output.Create("manifest.json");
        using var json = new Utf8JsonWriter(stream, JsonOptions);
        json.WriteStartObject();
        json.WriteString("tool", "valuecore");
        json.WriteString("version", CommandLine.Version);
        json.WriteString("command", command);
        json.WriteStartObject("parameters");
        foreach (var (name, value) in parameters)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("inputs");
        foreach (var (option, path, rows) in inputs)
        {
            json.WriteStartObject();
            json.WriteString("option", option);
            json.WriteString("file", Path.GetFileName(path));
            json.WriteString("sha256", OutputDirectory.Sha256(path));
            json.WriteNumber("rows", rows);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        output.WriteFileList(json);
        json.WriteEndObject();
    }

    /// <summary>A number for JSON: finite values as numbers, NaN as null.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static string Text(double value) => CsvText.Number(value);

    public static string Text(double? value) => value is double v ? CsvText.Number(v) : "";
}
