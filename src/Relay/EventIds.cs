namespace PyChat.Relay;

/// <summary>Every event id the relay logs with, in one place so they stay unique and greppable.</summary>
internal static class EventIds
{
    // Hosting 1–19
    public const int ShuttingDown = 2;
    public const int ConnectionLimits = 3;
    public const int ConnectionLimitsExceedOpenFiles = 4;

    // Certificates 20–39
    public const int CertificatesCreated = 20;
    public const int CertificatesLoaded = 21;
    public const int ServerCertificateIssued = 22;

    // Authentication 40–59
    public const int Registered = 40;
    public const int LoggedIn = 41;
    public const int AuthenticationRefused = 42;
    public const int SessionReplaced = 43;
    public const int RegistryFull = 44;
    public const int RegistryMigrated = 45;
    public const int RegistrySchemaNewer = 46;

    // Rooms 60–79
    public const int RoomCreated = 60;
    public const int MemberJoined = 61;
    public const int MemberLeft = 62;
    public const int HubElected = 63;
    public const int RoomClosed = 64;
    public const int MemberAway = 65;
    public const int MemberBack = 66;
    public const int GraceExpired = 67;
    public const int RoomRestored = 68;
    public const int RoomLogFailed = 69;
    public const int RoomLogCheckpointFailed = 70;

    // Connections 80–99
    public const int ConnectionOpened = 80;
    public const int ConnectionClosed = 81;
    public const int FrameRefused = 82;
    public const int ClosingConnection = 83;
    public const int UpgradeRefused = 84;
    public const int ConnectionFailed = 85;
    public const int FrameFailed = 86;
    public const int ConnectionRefusedPerAddress = 87;
    public const int UpgradeUnavailable = 88;

    // Cluster 120–139
    public const int ClusterLeading = 120;
    public const int ClusterLeaseLost = 121;
    public const int ClusterLeaseRenewalFailed = 122;
    public const int RedisRoomLogFailed = 123;
    public const int ClusterFollowing = 124;
    public const int ClusterTookOver = 125;
    public const int ClusterNodeGone = 126;
    public const int ClusterMessageFailed = 127;
    public const int ClusterTwin = 128;
    public const int ClusterLeaseExpired = 129;
    public const int ClusterTakeOverFailed = 130;

    // Proxying 100–119
    public const int ProxyHeaderRefused = 100;
    public const int ProxiesTrusted = 101;
    public const int ProxiesMissing = 102;
}
