using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Swarm.Engines;

namespace Swarm.Api;

/// <summary>
/// The manager's client certificate towards engines (<c>--tls*</c>) as TLS options for raw sockets and for
/// <see cref="System.Net.Http.SocketsHttpHandler"/>: the same rules as the engine actors' client (a CA, when given,
/// must sign the engine's certificate and the name must match; without one any certificate is accepted).
/// </summary>
public sealed class EngineTlsAuthentication
{
    private readonly X509Certificate2 clientCertificate;
    private readonly X509Certificate2? authority;

    public EngineTlsAuthentication(EngineTlsOptions options)
    {
        var fromPem = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
        // Export/import so the private key is usable by SslStream on Linux.
        clientCertificate = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        authority = options.CaCertFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(options.CaCertFile);
    }

    /// <param name="targetHost">The engine's host name or IP; null lets an HTTP handler take the request's host.</param>
    public SslClientAuthenticationOptions ClientOptions(string? targetHost) => new()
    {
        TargetHost = targetHost,
        ClientCertificates = [clientCertificate],
        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            authority is null || (certificate is not null && ChainsToAuthority(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), errors)),
    };

    private bool ChainsToAuthority(X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
