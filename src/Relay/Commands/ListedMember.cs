namespace PyChat.Relay.Commands;

/// <summary>A seat: away when its connection ended without a leave and it may still resume.</summary>
internal sealed record ListedMember(string Name, bool Away);
