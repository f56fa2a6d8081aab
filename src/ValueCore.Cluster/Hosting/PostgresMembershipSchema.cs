using Npgsql;

namespace ValueCore.Cluster.Hosting;

/// <summary>Creates Orleans' membership tables and queries in a PostgreSQL database when they are missing
/// (<c>PostgresMembership.sql</c>, embedded in this assembly).</summary>
internal static class PostgresMembershipSchema
{
    /// <summary>The tables the script makes (PostgreSQL folds the unquoted names to lower case).</summary>
    internal static readonly string[] Tables = ["orleansquery", "orleansmembershipversiontable", "orleansmembershiptable"];

    /// <summary>The script's text.</summary>
    internal static string Script { get; } = ReadScript();

    /// <summary>Makes the tables and queries that are missing, under an advisory lock so that silos starting together do
    /// not race; returns whether any table was missing (and so was made).</summary>
    /// <exception cref="NpgsqlException">The database cannot be reached or refuses the statements.</exception>
    internal static async Task<bool> EnsureAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7262013522)", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long present;
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM unnest(@names) AS t(name) WHERE to_regclass(t.name) IS NOT NULL", connection, transaction))
        {
            count.Parameters.AddWithValue("names", Tables);
            present = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var script = new NpgsqlCommand(Script, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return present < Tables.Length;
    }

    private static string ReadScript()
    {
        using var stream = typeof(PostgresMembershipSchema).Assembly.GetManifestResourceStream("ValueCore.Cluster.PostgresMembership.sql")
            ?? throw new InvalidOperationException("the embedded resource ValueCore.Cluster.PostgresMembership.sql is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
