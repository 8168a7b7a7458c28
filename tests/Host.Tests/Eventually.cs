using System.Diagnostics;

namespace Huduma.Contact.Host.Tests;

/// <summary>Waiting for something another process does, with a deadline that names what never happened.</summary>
public static class Eventually
{
    public static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"gave up waiting for {what} after {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    public static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"gave up waiting for {what} after {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
