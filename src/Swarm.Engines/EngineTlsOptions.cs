namespace Swarm.Engines;

/// <summary>
/// Client certificates towards engines (classic's <c>--tls*</c> flags): PEM files. With <see cref="CaCertFile"/>
/// the engine's certificate must chain to that CA (<c>--tlsverify</c>); without it any server certificate is accepted (<c>--tls</c>).
/// </summary>
public sealed record EngineTlsOptions(string CertFile, string KeyFile, string? CaCertFile);
