namespace ValueCore.IO.Sources;

/// <summary>
/// A small thread-safe stack of arrays that one source hands round again: a Parquet book's row groups are all about
/// the same size, so once the first few row groups' arrays have come back no new large array is made, and the managed
/// heap stays at the arrays in flight whatever the book's length (docs/conventions.md, "Parquet memory bound").
/// </summary>
/// <remarks>Unlike <see cref="System.Buffers.ArrayPool{T}"/>, it takes back any array (one grown while in use too) and
/// keeps at most <c>capacity</c> of them; an array too short for a request is dropped to the garbage collector.</remarks>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="capacity">The most arrays kept.</param>
internal sealed class ArrayRecycler<T>(int capacity)
{
    private readonly Stack<T[]> _free = new();

    /// <summary>How many arrays were made because none was free (for tests: the pool's misses).</summary>
    public int Made { get; private set; }

    /// <summary>An array of at least <paramref name="minimumLength"/> elements: a returned one when there is one long
    /// enough, else a new one. Its content is whatever was last written to it.</summary>
    public T[] Rent(int minimumLength)
    {
        lock (_free)
        {
            while (_free.TryPop(out var array))
            {
                if (array.Length >= minimumLength)
                {
                    return array;
                }
            }

            Made++;
        }

        return new T[minimumLength];
    }

    /// <summary>Gives an array back (dropped when <c>capacity</c> arrays are already kept). The caller must not use it afterwards.</summary>
    public void Return(T[] array)
    {
        lock (_free)
        {
            if (_free.Count < capacity)
            {
                _free.Push(array);
            }
        }
    }
}
