namespace PyChat.Relay.Registry;

internal enum RegisterResult
{
    Registered,
    NameTaken,

    /// <summary>SQLITE_FULL: the disk, or <c>Relay:MaxRegistryBytes</c>, is full. Nothing was stored.</summary>
    StorageFull,
}
