using System.Net;
using System.Net.Sockets;

namespace Huduma.Contact.TestSupport;

/// <summary>Free loopback ports for the servers a fixture starts.</summary>
public static class LoopbackPorts
{
    /// <summary>Any free port, as the OS hands it out.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port for a cluster node whose bus port (the port + 10,000) is free too, so both stay
    /// below 65,536: picked from 20,000–31,999, below Linux's ephemeral range (32,768 on), where the OS
    /// would hand the same port to an outgoing connection.
    /// </summary>
    public static int FreeWithClusterBus(ISet<int> taken)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            if (taken.Contains(port) || taken.Contains(port + 10_000) || taken.Contains(port - 10_000)) continue;
            if (!IsFree(port) || !IsFree(port + 10_000)) continue;
            taken.Add(port);
            return port;
        }
        throw new InvalidOperationException("no free port pair for a cluster node");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
