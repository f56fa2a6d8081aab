namespace ValueCore.Cluster.Hosting;

/// <summary>A silo could not start or join its cluster: a port in use, no primary at the dev membership's address, a
/// membership database that cannot be reached, a join that timed out. The message says which and what to check.</summary>
public sealed class SiloStartException : Exception
{
    /// <summary>Makes the exception.</summary>
    public SiloStartException()
    {
    }

    /// <summary>Makes the exception with its message.</summary>
    /// <param name="message">What failed and what to check.</param>
    public SiloStartException(string message)
        : base(message)
    {
    }

    /// <summary>Makes the exception with its message and cause.</summary>
    /// <param name="message">What failed and what to check.</param>
    /// <param name="innerException">The cause.</param>
    public SiloStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
