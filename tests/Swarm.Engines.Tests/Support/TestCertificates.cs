using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Swarm.Engines.Tests.Support;

/// <summary>
/// What dockerd's TLS docs have one make, made in memory: a CA, a server certificate for 127.0.0.1 and a client
/// certificate, both signed by the CA. The client's PEM files and the CA's are written to a temporary directory,
/// as <see cref="EngineTlsOptions"/> reads them.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"fake-dockerd-tls-{Guid.NewGuid():N}");
    // One validity window for all: an issued certificate may not outlive its CA by even a millisecond.
    private readonly DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
    private readonly DateTimeOffset notAfter = DateTimeOffset.UtcNow.AddDays(1);
    private readonly X509Certificate2 authority;

    public TestCertificates()
    {
        Directory.CreateDirectory(directory);
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fake-dockerd-ca", authorityKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        authority = request.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(CaFile, authority.ExportCertificatePem());

        Server = Issue("CN=127.0.0.1", ServerAuth, out _);
        var client = Issue("CN=swarm-test-client", ClientAuth, out var clientKey);
        File.WriteAllText(CertFile, client.ExportCertificatePem());
        File.WriteAllText(KeyFile, clientKey);
    }

    /// <summary>The engine's certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    public string CaFile => Path.Combine(directory, "ca.pem");

    public string CertFile => Path.Combine(directory, "cert.pem");

    public string KeyFile => Path.Combine(directory, "key.pem");

    /// <summary>The client's options as an operator gives them with <c>--tlsverify</c>.</summary>
    public EngineTlsOptions Verifying => new(CertFile, KeyFile, CaFile);

    public bool IssuedByAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private X509Certificate2 Issue(string subject, Oid usage, out string keyPem)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        keyPem = key.ExportPkcs8PrivateKeyPem();
        // Through PKCS#12 so SslStream on Linux can use the private key.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
