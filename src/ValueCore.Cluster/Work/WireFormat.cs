using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ValueCore.Cluster.Work;

/// <summary>
/// The binary encoding of the job protocol's inputs and results: little-endian, arrays as a length and their raw
/// elements, so every double crosses the wire with all its bits (the merge is exact only if nothing is rounded on the way).
/// </summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    public void Write(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);

    public void Write(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

    public void Write(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;

    public void Write(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Write(bytes.Length);
        bytes.CopyTo(Take(bytes.Length));
    }

    public void Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The job protocol runs on little-endian machines only.");
        }

        Write(values.Length);
        var bytes = MemoryMarshal.AsBytes(values);
        bytes.CopyTo(Take(bytes.Length));
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private Span<byte> Take(int count)
    {
        var span = _buffer.GetSpan(count)[..count];
        _buffer.Advance(count);
        return span;
    }
}

/// <summary>Reads what <see cref="WireWriter"/> wrote.</summary>
internal sealed class WireReader(byte[] bytes)
{
    private int _at;

    public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Next(4));

    public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Next(8));

    public uint UInt() => BinaryPrimitives.ReadUInt32LittleEndian(Next(4));

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Next(8));

    public bool Bool() => Next(1)[0] != 0;

    public string String() => Encoding.UTF8.GetString(Next(Int()));

    public T[] Array<T>()
        where T : unmanaged
    {
        int n = Int();
        var values = new T[n];
        Next(n * Unsafe.SizeOf<T>()).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private ReadOnlySpan<byte> Next(int count)
    {
        if (count < 0 || bytes.Length - _at < count)
        {
            throw new InvalidDataException("The job data ends early.");
        }

        var span = bytes.AsSpan(_at, count);
        _at += count;
        return span;
    }
}
