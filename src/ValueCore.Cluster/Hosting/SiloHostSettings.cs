namespace ValueCore.Cluster.Hosting;

/// <summary>What one <c>valuecore</c> silo needs to start: its cluster, ports, membership, advertised address and
/// threads (the options of <c>valuecore silo</c>; docs/cluster.md).</summary>
public sealed record SiloHostSettings
{
    /// <summary>The cluster id every silo and client of one cluster shares (Orleans' ClusterId): <c>valuecore</c>.</summary>
    public const string DefaultClusterId = "valuecore";

    /// <summary>The silo-to-silo port Orleans uses by convention: 11111.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The client gateway port Orleans uses by convention: 30000.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The membership (required).</summary>
    public required SiloMembership Membership { get; init; }

    /// <summary>The cluster id: letters, digits, '.', '_' and '-', 1 to 100 characters; default <see cref="DefaultClusterId"/>.</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>The port other silos reach this silo on, 1..65535; default <see cref="DefaultSiloPort"/>.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The port clients reach this silo on, 1..65535 and not <see cref="SiloPort"/>; default <see cref="DefaultGatewayPort"/>.</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>The address (name or IP) other silos and clients reach this silo at; null for the default: the dev
    /// primary's address when that address is one of this machine's (so a one-machine cluster on 127.0.0.1 stays on the
    /// loopback), else the machine's first non-loopback IPv4 address (Orleans' default).</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>How many blocks (cores) this silo works on at once, 1..4096; null for the machine's processor count
    /// (<see cref="SiloWorkOptions"/>).</summary>
    public int? Threads { get; init; }

    /// <summary>How long the silo may take to join its cluster before it gives up (the dev primary or the database not
    /// answering), more than zero; default 30 seconds.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop may take to leave the cluster gracefully, more than zero; default 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The build this silo announces (and compares with the cluster's); default <see cref="ClusterBuild.Current"/>.
    /// Tests set another to stand for a silo of a different build.</summary>
    public ClusterBuild Build { get; init; } = ClusterBuild.Current;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting breaks the rule its documentation states (the message names it).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Membership);
        if (string.IsNullOrEmpty(ClusterId) || ClusterId.Length > 100 || !ClusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"cluster id '{ClusterId}' must be 1 to 100 letters, digits, '.', '_' or '-'", nameof(ClusterId));
        }

        if (SiloPort is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(SiloPort), SiloPort, $"silo port {SiloPort} must be in [1, 65535]");
        }

        if (GatewayPort is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(GatewayPort), GatewayPort, $"gateway port {GatewayPort} must be in [1, 65535]");
        }

        if (GatewayPort == SiloPort)
        {
            throw new ArgumentException($"the gateway port and the silo port must differ (both {SiloPort})", nameof(GatewayPort));
        }

        if (Threads is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"threads {Threads} must be in [1, 4096]");
        }

        if (JoinTimeout <= TimeSpan.Zero || ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(JoinTimeout), "the join and shutdown timeouts must be more than zero");
        }

        if (AdvertisedHost is { Length: 0 })
        {
            throw new ArgumentException("the advertised host must not be empty", nameof(AdvertisedHost));
        }
    }
}
