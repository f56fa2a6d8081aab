using System.Threading.Channels;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Csv;

/// <summary>
/// Runs a per-chunk step on several threads while one thread reads chunks and the caller consumes the results in
/// chunk order, so what is built from them does not depend on the number of threads.
/// </summary>
internal static class OrderedChunks
{
    public static void Run<T>(CsvChunker chunker, CsvChunk first, int maxDegreeOfParallelism, Func<CsvChunk, T> process, Action<T> consume)
    {
        int dop = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Max(1, maxDegreeOfParallelism);
        if (dop == 1)
        {
            for (var chunk = first; chunk is not null; chunk = chunker.Next())
            {
                consume(process(chunk));
            }

            return;
        }

        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, dop).ConcurrentScheduler;
        var ordered = Channel.CreateBounded<Task<T>>(new BoundedChannelOptions((2 * dop) + 2) { SingleReader = true, SingleWriter = true });
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            try
            {
                for (var chunk = first; chunk is not null && !stop.IsCancellationRequested; chunk = chunker.Next())
                {
                    var c = chunk;
                    await ordered.Writer.WriteAsync(Task.Factory.StartNew(() => process(c), CancellationToken.None, TaskCreationOptions.None, scheduler),
                        stop.Token).ConfigureAwait(false);
                }

                ordered.Writer.TryComplete();
            }
            catch (OperationCanceledException)
            {
                ordered.Writer.TryComplete();
            }
            catch (Exception e)
            {
                ordered.Writer.TryComplete(e);
            }
        });

        try
        {
            while (ordered.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (ordered.Reader.TryRead(out var task))
                {
                    consume(task.GetAwaiter().GetResult());
                }
            }

            reader.GetAwaiter().GetResult();
        }
        catch
        {
            stop.Cancel();
            ordered.Writer.TryComplete();
            while (ordered.Reader.TryRead(out var task))
            {
                task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }

            try
            {
                reader.GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                // The reader stopped because the consumer failed: the consumer's exception is the one to report.
            }

            throw;
        }
    }
}
