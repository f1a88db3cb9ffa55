namespace PyChat.Relay.Certificates;

/// <summary>Why the certificate folder cannot be used as it is.</summary>
internal enum CertificateProblem
{
    None,
    /// <summary>A file exists but cannot be read or does not hold what its name says.</summary>
    Unreadable,
    /// <summary>Half a pair: a certificate without its key or the other way round, or a server pair without a CA.</summary>
    Incomplete,
    /// <summary>A private key that does not belong to the certificate next to it.</summary>
    KeyMismatch,
    /// <summary>ca.crt is not a P-256 certificate authority.</summary>
    NotAnAuthority,
    /// <summary>server.crt was not issued by ca.crt or is not a P-256 server certificate.</summary>
    NotIssuedByAuthority,
    /// <summary>A certificate is outside its validity period.</summary>
    Expired,
}
