namespace PyChat.Relay.Registry;

/// <summary>One row of the user registry as an administrator sees it: no private material exists there to show.</summary>
/// <param name="Name">The user name.</param>
/// <param name="IdentityKey">The registered identity key (SPKI DER).</param>
/// <param name="RegisteredAt">When it registered, or null where the stored time cannot be read.</param>
internal sealed record RegisteredUser(string Name, byte[] IdentityKey, DateTimeOffset? RegisteredAt);
