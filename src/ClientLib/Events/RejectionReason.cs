namespace PyChat.Client;

/// <summary>Why a payload was refused (docs/PROTOCOL.md §6).</summary>
public enum RejectionReason
{
    /// <summary>The payload signature does not verify with the sender's listed identity key.</summary>
    BadSignature,
    /// <summary>A duplicate or replay: the sequence (or Rekey epoch) is not newer than one already accepted, or it predates the sender's join.</summary>
    Replay,
    /// <summary>The message's epoch key is not held: older than the grace period, or from before this client joined.</summary>
    UnknownEpoch,
    /// <summary>No key arrived for the message's epoch: its Rekey held none for this client, or none came in time.</summary>
    KeyNotReceived,
    /// <summary>The signature verified but the ciphertext or wrapped key did not open (MAC failure).</summary>
    Tampered,
    /// <summary>The token is older than the message time to live.</summary>
    Expired,
    /// <summary>The token's timestamp is too far in the future.</summary>
    FromTheFuture,
    /// <summary>The payload does not decode.</summary>
    Malformed,
    /// <summary>A Rekey from a member that is not the current hub.</summary>
    NotFromHub,
    /// <summary>The sender is not a member of the room.</summary>
    UnknownSender,
}
