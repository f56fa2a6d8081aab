using System.Globalization;

namespace ValueCore.Cluster.Hosting;

/// <summary>How the silos of a cluster find each other: Orleans' development membership hosted by one primary silo
/// (<see cref="DevSiloMembership"/>), or Orleans' ADO.NET membership table on PostgreSQL (<see cref="PostgresSiloMembership"/>).</summary>
/// <remarks>Written <c>dev:HOST:PORT</c> or <c>postgres:CONNECTION</c> (<c>postgres:env:NAME</c> reads the connection string from
/// the environment variable NAME, so that no password stands on a command line); docs/cluster.md, "Membership".</remarks>
public abstract record SiloMembership
{
    private protected SiloMembership()
    {
    }

    /// <summary>Reads a membership specification.</summary>
    /// <param name="spec"><c>dev:HOST:PORT</c> (HOST a name, an IPv4 address or a bracketed IPv6 address; PORT in 1..65535),
    /// <c>postgres:CONNECTION</c> (an Npgsql connection string) or <c>postgres:env:NAME</c>.</param>
    /// <param name="environment">Looks up an environment variable for <c>postgres:env:NAME</c>; null for the process environment.</param>
    /// <returns>The membership.</returns>
    /// <exception cref="FormatException">The text is none of the forms above, or names an environment variable that is not set.</exception>
    public static SiloMembership Parse(string spec, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        const string Forms = "expected dev:HOST:PORT or postgres:CONNECTION (or postgres:env:NAME)";
        if (spec.StartsWith("dev:", StringComparison.Ordinal))
        {
            string rest = spec[4..];
            int colon = rest.LastIndexOf(':');
            if (colon <= 0 || colon == rest.Length - 1)
            {
                throw new FormatException($"membership '{spec}': {Forms}; dev: needs the primary silo's HOST:PORT");
            }

            string host = rest[..colon];
            bool bracketed = host.Length > 2 && host[0] == '[' && host[^1] == ']';
            if (bracketed)
            {
                host = host[1..^1];
            }

            if (host.Length == 0 || host.Contains(':', StringComparison.Ordinal) && !(bracketed && System.Net.IPAddress.TryParse(host, out _)))
            {
                throw new FormatException($"membership '{spec}': '{rest[..colon]}' is not a host name or address (write an IPv6 address in brackets)");
            }

            string portText = rest[(colon + 1)..];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            {
                throw new FormatException($"membership '{spec}': port '{portText}' is not an integer in [1, 65535]");
            }

            return new DevSiloMembership(host, port);
        }

        if (spec.StartsWith("postgres:", StringComparison.Ordinal))
        {
            string connection = spec[9..];
            if (connection.StartsWith("env:", StringComparison.Ordinal))
            {
                string name = connection[4..];
                if (name.Length == 0)
                {
                    throw new FormatException($"membership '{spec}': postgres:env: needs the name of an environment variable");
                }

                connection = (environment ?? Environment.GetEnvironmentVariable)(name) is { Length: > 0 } value
                    ? value
                    : throw new FormatException($"membership 'postgres:env:{name}': the environment variable {name} is not set");
            }

            if (connection.Trim().Length == 0)
            {
                throw new FormatException($"membership '{spec}': postgres: needs a connection string (Host=...;Database=...;Username=...)");
            }

            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            }
            catch (ArgumentException e)
            {
                // The builder's message names the bad key, never the value, so no password is shown.
                throw new FormatException($"membership postgres: the connection string is not valid: {e.Message}", e);
            }

            return new PostgresSiloMembership(connection);
        }

        throw new FormatException($"membership '{Shorten(spec)}': {Forms}");
    }

    /// <summary>The membership as a log line shows it (a PostgreSQL password never shown).</summary>
    /// <returns>e.g. <c>dev:10.0.0.5:11111</c> or <c>postgres:Host=db;Port=5432;Database=risk;Username=orleans</c>.</returns>
    public abstract string Describe();

    private static string Shorten(string spec)
    {
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? spec : spec[..colon] + ":...";
    }
}

/// <summary>Orleans' development membership: the table lives in the primary silo, which listens at <see cref="Host"/>:<see cref="Port"/>
/// (the primary names its own address, every other silo names the primary's). Not fault tolerant: the cluster stops
/// when the primary does.</summary>
/// <param name="Host">The primary silo's host name or address.</param>
/// <param name="Port">The primary silo's silo-to-silo port, 1..65535.</param>
public sealed record DevSiloMembership(string Host, int Port) : SiloMembership
{
    /// <inheritdoc/>
    public override string Describe() => Host.Contains(':', StringComparison.Ordinal) ? $"dev:[{Host}]:{Port}" : $"dev:{Host}:{Port}";
}

/// <summary>Orleans' ADO.NET membership table on PostgreSQL (Npgsql): every silo writes its row and heartbeat there, so any
/// silo may stop or die without stopping the cluster.</summary>
/// <param name="ConnectionString">The Npgsql connection string of the database that holds (or will hold) the membership tables.</param>
public sealed record PostgresSiloMembership(string ConnectionString) : SiloMembership
{
    /// <inheritdoc/>
    public override string Describe() => "postgres:" + WithoutSecrets(ConnectionString);

    /// <summary>The connection string's host, port, database and user: no password, passfile or other key.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>e.g. <c>Host=db;Port=5432;Database=risk;Username=orleans</c>.</returns>
    public static string WithoutSecrets(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"Host={b.Host};Port={b.Port};Database={b.Database};Username={b.Username}");
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();
}
