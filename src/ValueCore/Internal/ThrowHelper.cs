using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ValueCore.Internal;

/// <summary>Central throw sites, so that hot methods stay small and inlinable.</summary>
[StackTraceHidden]
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ArgumentOutOfRange(string paramName, double value, string allowed) =>
        throw new ArgumentOutOfRangeException(paramName, value,
            string.Create(CultureInfo.InvariantCulture, $"{paramName} = {value:R} is outside {allowed}."));

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void Argument(string paramName, string message) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void LengthMismatch(string paramName, int expected, int actual) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName} has length {actual}; expected {expected} (all inputs must have equal length)."),
            paramName);

    [DoesNotReturn]
    public static void DestinationTooShort(string paramName, int needed, int actual) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Destination is too short: {actual} elements, {needed} needed."),
            paramName);

    [DoesNotReturn]
    public static void Overlap(string paramName) =>
        throw new ArgumentException("Destination overlaps an input span.", paramName);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);
}
