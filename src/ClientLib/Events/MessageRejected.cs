namespace PyChat.Client;

/// <summary>
/// A payload was refused and not shown. The room goes on. <paramref name="Detail"/> is for logs and
/// diagnostics; it never contains plaintext or key material.
/// </summary>
/// <param name="Room">The room.</param>
/// <param name="Time">When it was refused.</param>
/// <param name="Sender">The name the relay attached to the payload (or the member whose announcement failed).</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Detail">A short technical explanation.</param>
public sealed record MessageRejected(string Room, DateTimeOffset Time, string Sender, RejectionReason Reason, string Detail) : RoomEvent(Room, Time);
