namespace PyChat.Relay.Registry;

internal enum RegisterResult
{
    Registered,
    NameTaken,
}
