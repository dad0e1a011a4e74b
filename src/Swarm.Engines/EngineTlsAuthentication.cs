using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Swarm.Engines;

/// <summary>
/// The manager's client certificate towards engines (<c>--tls*</c>), loaded once, for every way the manager speaks
/// to an engine: Docker.DotNet's calls, the event stream, the proxy and hijacked connections. A CA, when given, must
/// sign the engine's certificate and the name must match (<c>--tlsverify</c>); without one any certificate is
/// accepted (<c>--tls</c>). The system's roots play no part either way.
/// </summary>
public sealed class EngineTlsAuthentication
{
    private readonly X509Certificate2? authority;

    public EngineTlsAuthentication(EngineTlsOptions options)
    {
        var fromPem = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
        // Export/import so the private key is usable by SslStream on Linux.
        ClientCertificate = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        authority = options.CaCertFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(options.CaCertFile);
    }

    public X509Certificate2 ClientCertificate { get; }

    /// <param name="targetHost">The engine's host name or IP; null lets an HTTP handler take the request's host.</param>
    public SslClientAuthenticationOptions ClientOptions(string? targetHost) => new()
    {
        TargetHost = targetHost,
        ClientCertificates = [ClientCertificate],
        RemoteCertificateValidationCallback = ValidateEngine,
    };

    /// <summary>The check of the engine's certificate, as a <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool ValidateEngine(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        authority is null || (certificate is not null && ChainsToAuthority(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), errors));

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
