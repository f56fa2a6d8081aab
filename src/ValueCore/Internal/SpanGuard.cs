using System.Runtime.CompilerServices;

namespace ValueCore.Internal;

/// <summary>Length and overlap checks shared by the span kernels (done once per call).</summary>
internal static class SpanGuard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength<T>(ReadOnlySpan<T> input, int length, [CallerArgumentExpression(nameof(input))] string name = "")
    {
        if (input.Length != length)
        {
            ThrowHelper.LengthMismatch(name, length, input.Length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Destination<TIn>(ReadOnlySpan<TIn> input, Span<double> destination, [CallerArgumentExpression(nameof(destination))] string name = "")
    {
        if (destination.Length < input.Length)
        {
            ThrowHelper.DestinationTooShort(name, input.Length, destination.Length);
        }
    }

    /// <summary>Rejects a destination that partly overlaps an input (exact aliasing is allowed: kernels read before they write).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoPartialOverlap(ReadOnlySpan<double> input, Span<double> destination, [CallerArgumentExpression(nameof(destination))] string name = "")
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            ThrowHelper.Overlap(name);
        }
    }
}
