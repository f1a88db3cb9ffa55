namespace PyChat.Relay.Certificates;

/// <summary>What loading, creating or reissuing the relay's certificates came to.</summary>
internal sealed record CertificateResult(RelayCertificates? Certificates, CertificateOutcome Outcome, CertificateProblem Problem, string Message)
{
    public bool Succeeded => Problem == CertificateProblem.None;

    public static CertificateResult Success(RelayCertificates certificates, CertificateOutcome outcome) =>
        new(certificates, outcome, CertificateProblem.None, string.Empty);

    /// <summary>A failure naming the file and the problem in one sentence.</summary>
    public static CertificateResult Failure(CertificateProblem problem, string path, string detail) =>
        new(null, CertificateOutcome.None, problem, $"{path}: {detail}");
}

internal enum CertificateOutcome
{
    None,
    /// <summary>Everything was there and consistent.</summary>
    Loaded,
    /// <summary>The folder was empty: a new CA and server certificate were made.</summary>
    Created,
    /// <summary>A new server certificate was issued by the existing CA.</summary>
    ServerIssued,
}
