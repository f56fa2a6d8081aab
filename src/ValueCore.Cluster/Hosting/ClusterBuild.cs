using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Orleans;
using Orleans.Runtime;

namespace ValueCore.Cluster.Hosting;

/// <summary>The identity of a <c>valuecore</c> build as the cluster sees it: silos and clients of one cluster must all run
/// the same build, since a block's bits depend on the code that computed it.</summary>
/// <remarks>
/// <para>The identity is the first 8 bytes (16 hex digits) of SHA-256 over the name and module version id (MVID) of the
/// three assemblies that compute and move a block: ValueCore, ValueCore.Batch and ValueCore.Cluster. The compiler gives
/// a module a new MVID whenever anything in its compilation changes, and the same MVID when a deterministic build
/// compiles the same sources with the same references again; so two copies of one package or one set of binaries agree,
/// and any code difference, committed or not, disagrees. The informational version (0.1.0+commit) was not taken: it
/// cannot see uncommitted changes or a different compiler.</para>
/// <para>A silo carries its build in its Orleans silo name (<see cref="SiloName"/>), which every member and client reads
/// from the membership table. A silo refuses to join a cluster whose active silos run another build
/// (docs/cluster.md, "Versions"); a client calls <see cref="EnsureSameAsync"/> before it sends work.</para>
/// </remarks>
public sealed record ClusterBuild
{
    private const string SiloNamePrefix = "valuecore-";
    private const int IdLength = 16;

    /// <summary>Makes a build identity from its text.</summary>
    /// <param name="id">16 lowercase hexadecimal digits.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not 16 lowercase hexadecimal digits.</exception>
    public ClusterBuild(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IsId(id))
        {
            throw new ArgumentException($"a build id is {IdLength} lowercase hexadecimal digits, not '{id}'", nameof(id));
        }

        Id = id;
    }

    /// <summary>The build of the running process.</summary>
    public static ClusterBuild Current { get; } = FromAssemblies(
    [
        typeof(ValueCore.Portfolio.LoanBook).Assembly,
        typeof(ValueCore.Batch.OutputDirectory).Assembly,
        typeof(ClusterBuild).Assembly,
    ]);

    /// <summary>The 16 hexadecimal digits of the build.</summary>
    public string Id { get; }

    /// <summary>The build identity of a set of assemblies (in the order given).</summary>
    /// <param name="assemblies">The assemblies whose names and MVIDs are hashed.</param>
    /// <returns>The identity.</returns>
    public static ClusterBuild FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var assembly in assemblies)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(assembly.GetName().Name + "\n"));
            hash.AppendData(assembly.ManifestModule.ModuleVersionId.ToByteArray());
        }

        return new ClusterBuild(Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, IdLength / 2)));
    }

    /// <summary>The Orleans silo name that carries this build: <c>valuecore-BUILD-HOST-PORT</c>.</summary>
    /// <param name="host">The machine's name (as the membership table shows it).</param>
    /// <param name="siloPort">The silo's silo-to-silo port.</param>
    /// <returns>The silo name.</returns>
    public string SiloName(string host, int siloPort) =>
        string.Create(CultureInfo.InvariantCulture, $"{SiloNamePrefix}{Id}-{host}-{siloPort}");

    /// <summary>The build a silo name carries.</summary>
    /// <param name="siloName">An Orleans silo name.</param>
    /// <returns>The build; null when the name was not made by <see cref="SiloName"/> (a silo of another program, or a
    /// <c>valuecore</c> build before build identities).</returns>
    public static ClusterBuild? FromSiloName(string? siloName) =>
        siloName is not null && siloName.Length >= SiloNamePrefix.Length + IdLength
        && siloName.StartsWith(SiloNamePrefix, StringComparison.Ordinal)
        && IsId(siloName.AsSpan(SiloNamePrefix.Length, IdLength))
        && (siloName.Length == SiloNamePrefix.Length + IdLength || siloName[SiloNamePrefix.Length + IdLength] == '-')
            ? new ClusterBuild(siloName.Substring(SiloNamePrefix.Length, IdLength))
            : null;

    /// <summary>Checks that every active silo of the cluster runs <paramref name="expected"/> (a client calls this before it
    /// sends work).</summary>
    /// <param name="client">A connected Orleans client.</param>
    /// <param name="expected">The build the work needs; null for <see cref="Current"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for the cluster's answer.</param>
    /// <returns>The active silos (all of build <paramref name="expected"/>), in the order of their addresses.</returns>
    /// <exception cref="ClusterBuildMismatchException">An active silo runs another build, or none is active.</exception>
    public static async Task<IReadOnlyList<SiloBuild>> EnsureSameAsync(IClusterClient client, ClusterBuild? expected = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        expected ??= Current;
        var hosts = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true, cancellationToken).ConfigureAwait(false);
        var silos = hosts
            .Where(h => h.Status == SiloStatus.Active)
            .Select(h => new SiloBuild(h.SiloAddress.Endpoint.ToString(), h.SiloName, FromSiloName(h.SiloName)))
            .OrderBy(s => s.Address, StringComparer.Ordinal)
            .ToList();
        if (silos.Count == 0)
        {
            throw new ClusterBuildMismatchException("refused: the cluster has no active silo");
        }

        string? refusal = Refusal(silos, expected, "the cluster", "this client");
        return refusal is null ? silos : throw new ClusterBuildMismatchException(refusal);
    }

    /// <summary>The refusal message when any of <paramref name="silos"/> runs another build than <paramref name="mine"/>; null when all agree.</summary>
    internal static string? Refusal(IReadOnlyList<SiloBuild> silos, ClusterBuild mine, string cluster, string who)
    {
        var others = silos.Where(s => s.Build != mine).ToList();
        if (others.Count == 0)
        {
            return null;
        }

        string builds = string.Join("; ", others
            .GroupBy(s => s.Build?.Id ?? "unknown (silo name '" + s.SiloName + "')")
            .Select(g => $"build {g.Key} on {string.Join(", ", g.Select(s => s.Address))}"));
        return $"refused: {cluster} runs {builds}, {who} is build {mine.Id}; run every silo and client of a cluster from the same valuecore build";
    }

    /// <inheritdoc/>
    public override string ToString() => Id;

    private static bool IsId(ReadOnlySpan<char> id)
    {
        if (id.Length != IdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One silo's address and build, as the membership table gives them.</summary>
/// <param name="Address">The silo's endpoint (IP:port).</param>
/// <param name="SiloName">Its Orleans silo name.</param>
/// <param name="Build">Its build; null when the name carries none.</param>
public sealed record SiloBuild(string Address, string SiloName, ClusterBuild? Build);

/// <summary>A silo or client met a cluster whose silos run another <c>valuecore</c> build; the message says which builds run where.</summary>
public sealed class ClusterBuildMismatchException : Exception
{
    /// <summary>Makes the exception.</summary>
    public ClusterBuildMismatchException()
    {
    }

    /// <summary>Makes the exception with its message.</summary>
    /// <param name="message">Names the builds and the silos that run them.</param>
    public ClusterBuildMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Makes the exception with its message and cause.</summary>
    /// <param name="message">Names the builds and the silos that run them.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterBuildMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
