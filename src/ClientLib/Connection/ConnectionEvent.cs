namespace PyChat.Client;

/// <summary>
/// Something that happened to the client's connection to the relay (<see cref="PyChatClient.ReadConnectionEventsAsync"/>).
/// </summary>
/// <param name="Time">When this client observed it (the options' clock).</param>
public abstract record ConnectionEvent(DateTimeOffset Time);

/// <summary>
/// The connection to the relay broke (a network error, a keep-alive timeout, a close such as 1012 "service
/// restart"). The client reconnects by itself: <see cref="Reconnecting"/> follows.
/// </summary>
/// <param name="Time">When it was observed.</param>
/// <param name="Reason">Why, in one sentence (never message text or keys).</param>
public sealed record ConnectionLost(DateTimeOffset Time, string Reason) : ConnectionEvent(Time);

/// <summary>The client waits <paramref name="Delay"/> and then makes reconnect attempt <paramref name="Attempt"/> (1, 2, …).</summary>
/// <param name="Time">When the wait began.</param>
/// <param name="Attempt">The number of the attempt that follows the wait, from 1.</param>
/// <param name="Delay">The back-off before it (exponential with jitter, capped by <see cref="PyChatClientOptions.ReconnectMaxDelay"/>).</param>
public sealed record Reconnecting(DateTimeOffset Time, int Attempt, TimeSpan Delay) : ConnectionEvent(Time);

/// <summary>
/// Connected and logged in again; every room now resumes (each raises <see cref="RoomResumed"/>, or
/// <see cref="MessagesMissed"/> when it had to join again).
/// </summary>
/// <param name="Time">When the new login succeeded.</param>
public sealed record Reconnected(DateTimeOffset Time) : ConnectionEvent(Time);

/// <summary>
/// The client gave up for good: disposed, or a failure that retrying cannot fix (the relay's certificate or
/// relay id is not trusted, the login was refused, the same user logged in elsewhere (4002), the relay refused the
/// protocol version). Every room has ended. The last event of the stream.
/// </summary>
/// <param name="Time">When it was observed.</param>
/// <param name="Reason">Why, in one sentence.</param>
public sealed record ConnectionClosed(DateTimeOffset Time, string Reason) : ConnectionEvent(Time);
