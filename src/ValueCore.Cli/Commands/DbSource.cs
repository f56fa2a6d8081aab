using System.Data.Common;
using System.Text.RegularExpressions;
using ValueCore.Batch;
using ValueCore.IO.Sources;

namespace ValueCore.Cli.Commands;

/// <summary>
/// A loan book read from a database (<c>--db CONNECTION --query SQL</c> or <c>--table NAME</c>, <c>--db-provider</c>):
/// the provider registry (a name to an ADO.NET <see cref="DbProviderFactory"/>, so SQL Server or Oracle plug in by
/// name), the connection string (or <c>env:NAME</c>), and the run's query, its rows streamed into a spool that the
/// book readers take like a file (docs/loan-book.md, "Book sources"). The password is never shown: every message and
/// label is built from the connection string without it.
/// </summary>
internal static partial class DbSource
{
    /// <summary>The providers by name. Add a provider here (e.g. "sqlserver" with Microsoft.Data.SqlClient's
    /// SqlClientFactory.Instance) and every book-reading command reads from it.</summary>
    private static readonly Dictionary<string, Func<DbProviderFactory>> s_providers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["postgres"] = () => Npgsql.NpgsqlFactory.Instance,
        ["postgresql"] = () => Npgsql.NpgsqlFactory.Instance,
    };

    public const string DefaultProvider = "postgres";

    /// <summary>Runs the query and spools its rows; returns the spool and the source's label (provider:host/database).</summary>
    /// <exception cref="UsageException">Options missing or contradictory, an unknown provider, a variable not set, or a connection or query that fails (the server's message, without the password).</exception>
    public static (BookSpool Spool, string Label) Open(CliArgs args, CliContext ctx)
    {
        string given = args.Require("db");
        string providerName = args.Get("db-provider") ?? DefaultProvider;
        if (!s_providers.TryGetValue(providerName, out var provider))
        {
            throw new UsageException($"--db-provider = {providerName} is not known (known: {string.Join(", ", s_providers.Keys.Order(StringComparer.Ordinal))})");
        }

        string connectionString = given.StartsWith("env:", StringComparison.Ordinal)
            ? Environment.GetEnvironmentVariable(given[4..]) is { Length: > 0 } v ? v : throw new UsageException($"--db {given}: the environment variable {given[4..]} is not set")
            : given;
        string? query = args.Get("query");
        string? table = args.Get("table");
        if ((query is null) == (table is null))
        {
            throw new UsageException("--db needs --query SQL or --table NAME (one of them)");
        }

        if (table is not null && !TableName().IsMatch(table))
        {
            throw new UsageException($"--table = {table} must be a table name (letters, digits, _ and a schema prefix such as risk.loans)");
        }

        string? givenQuery = query;
        query ??= "select * from " + table;
        var factory = provider();
        string password = Password(factory, connectionString);
        string label = Label(factory, providerName.ToLowerInvariant(), connectionString);
        if (!OrderBy().IsMatch(query))
        {
            ctx.Error.WriteLine($"{label}: warning: the query has no ORDER BY: the rows, and so loans.csv, come in the order the database sends them, which may change between runs; add ORDER BY (e.g. order by loan_id) for a repeatable order");
        }

        try
        {
            using var connection = factory.CreateConnection() ?? throw new UsageException($"--db-provider {providerName} cannot make connections");
            connection.ConnectionString = connectionString;
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = query;
            command.CommandTimeout = 0;
            using var reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
            var builder = Builder(factory, connectionString);
            var origin = new DatabaseOrigin(providerName.ToLowerInvariant(), Value(builder, "host", "server", "data source", "address") ?? "localhost",
                Value(builder, "database", "initial catalog") ?? "", givenQuery, table);
            return (BookSpool.Write(reader, Path.GetTempPath(), origin), label);
        }
        catch (Exception e) when (e is DbException or ArgumentException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new UsageException($"--db: {label}: {Scrub(e.Message, password)}");
        }
    }

    /// <summary>The manifest's and messages' name of the source: provider:host/database, no credentials.</summary>
    private static string Label(DbProviderFactory factory, string provider, string connectionString)
    {
        var builder = Builder(factory, connectionString);
        string host = Value(builder, "host", "server", "data source", "address") ?? "localhost";
        string database = Value(builder, "database", "initial catalog") ?? "";
        return $"{provider}:{host}/{database}";
    }

    private static string Password(DbProviderFactory factory, string connectionString) =>
        Value(Builder(factory, connectionString), "password", "pwd") ?? "";

    private static DbConnectionStringBuilder Builder(DbProviderFactory factory, string connectionString)
    {
        try
        {
            var builder = factory.CreateConnectionStringBuilder() ?? new DbConnectionStringBuilder();
            builder.ConnectionString = connectionString;
            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The message of a malformed string names a position, never its text.
            throw new UsageException($"--db: the connection string cannot be read ({e.Message})");
        }
    }

    private static string? Value(DbConnectionStringBuilder builder, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (builder.TryGetValue(key, out var value) && value is not null && Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static string Scrub(string message, string password) =>
        password.Length == 0 ? message : message.Replace(password, "***", StringComparison.Ordinal);

    [GeneratedRegex(@"\border\s+by\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrderBy();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TableName();
}
