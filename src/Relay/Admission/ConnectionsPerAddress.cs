using System.Net;

namespace PyChat.Relay.Admission;

/// <summary>
/// Open connections per client address (see <see cref="ClientAddress"/>), at most <c>limit</c> each;
/// a limit of 0 counts nothing. An address is forgotten when its last connection closes, so the table
/// holds only addresses that have connections open.
/// </summary>
internal sealed class ConnectionsPerAddress(int limit)
{
    private readonly Dictionary<IPAddress, int> _open = [];

    /// <summary>Counts one more connection from <paramref name="address"/>, unless it already has <c>limit</c>.</summary>
    public bool TryOpen(IPAddress address)
    {
        if (limit == 0)
        {
            return true;
        }

        lock (_open)
        {
            _open.TryGetValue(address, out var open);
            if (open >= limit)
            {
                return false;
            }

            _open[address] = open + 1;
            return true;
        }
    }

    /// <summary>Releases a connection <see cref="TryOpen"/> counted.</summary>
    public void Close(IPAddress address)
    {
        if (limit == 0)
        {
            return;
        }

        lock (_open)
        {
            if (_open.TryGetValue(address, out var open) && open > 1)
            {
                _open[address] = open - 1;
            }
            else
            {
                _open.Remove(address);
            }
        }
    }
}
