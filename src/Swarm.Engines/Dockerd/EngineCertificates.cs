using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Swarm.Engines.Dockerd;

/// <summary>
/// The PEM files of <see cref="EngineTlsOptions"/> loaded once per engine: the client certificate to present, and
/// the check of the engine's certificate. Shared by Docker.DotNet's transport and our own event stream.
/// </summary>
internal sealed class EngineCertificates
{
    private readonly X509Certificate2? authority;

    public EngineCertificates(EngineTlsOptions tls)
    {
        var pem = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
        // Export/import so the private key is usable by SslStream on Linux.
        ClientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        authority = tls.CaCertFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(tls.CaCertFile);
    }

    public X509Certificate2 ClientCertificate { get; }

    /// <summary>
    /// Without a CA any engine certificate is accepted (<c>--tls</c>); with one it must chain to that CA and name the
    /// engine (<c>--tlsverify</c>). The system's roots play no part either way.
    /// </summary>
    public bool ValidateEngine(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        authority is null || (certificate is not null && ChainsToAuthority(new X509Certificate2(certificate), errors));

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
