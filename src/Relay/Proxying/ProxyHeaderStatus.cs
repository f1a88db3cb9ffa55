namespace PyChat.Relay.Proxying;

/// <summary>What the bytes a connection has sent so far say about its PROXY protocol header.</summary>
internal enum ProxyHeaderStatus
{
    /// <summary>Could still become a header: wait for more bytes.</summary>
    Incomplete,

    /// <summary>A complete, valid header.</summary>
    Parsed,

    /// <summary>Not a PROXY header, or a malformed or oversized one: no more bytes can fix it.</summary>
    Invalid,
}
