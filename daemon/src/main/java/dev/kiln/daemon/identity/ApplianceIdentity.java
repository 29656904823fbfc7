package dev.kiln.daemon.identity;

import dev.kiln.mgmt.auth.NtHash;
import dev.kiln.mgmt.auth.PasswordHash;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The appliance's identity, made at first start and kept in {@code <data-dir>/identity} (0700,
 * files 0600): a self-signed TLS certificate for the management listeners and an initial {@code
 * admin} credential. The password is random, shown once to whoever started the appliance, and
 * stored only as a slow hash, so there is never a default password to guess.
 */
public final class ApplianceIdentity {

  /** Where the first-start password is reported. */
  public interface FirstStartReporter {
    /** Called exactly once per data directory with the generated credential. */
    void initialAdmin(String user, String password, Path credentialFile);
  }

  /** The user name of the initial administrator. */
  public static final String ADMIN_USER = "admin";

  private static final String KEY_FILE = "tls-key.pem";
  private static final String CERT_FILE = "tls-cert.pem";
  private static final String ADMIN_FILE = "admin.credential";

  private volatile PrivateKey key;
  private volatile X509Certificate certificate;
  private Path directory;
  private ReloadableKeyManager keyManager;
  private final PasswordHash adminHash;
  private final String adminNtHash;

  private ApplianceIdentity(
      PrivateKey key, X509Certificate certificate, PasswordHash adminHash, String adminNtHash) {
    this.key = key;
    this.certificate = certificate;
    this.adminHash = adminHash;
    this.adminNtHash = adminNtHash;
  }

  /**
   * Loads the identity of a data directory, creating what is missing.
   *
   * @param hostname the name to put in the certificate
   * @param validity how long a new certificate is valid
   */
  public static ApplianceIdentity loadOrCreate(
      Path dataDir,
      String hostname,
      Duration validity,
      Clock clock,
      SecureRandom random,
      int passwordIterations,
      FirstStartReporter reporter)
      throws IOException, GeneralSecurityException {
    Path dir = dataDir.resolve("identity");
    SecureFiles.privateDirectory(dir);
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    PrivateKey key;
    X509Certificate cert;
    if (Files.exists(keyFile) && Files.exists(certFile)) {
      key = readKey(Files.readString(keyFile));
      cert = readCertificate(Files.readString(certFile));
    } else {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = gen.generateKeyPair();
      key = pair.getPrivate();
      cert = selfSign(pair, hostname, validity, clock, random);
      SecureFiles.writePrivate(keyFile, pem(key));
      SecureFiles.writePrivate(certFile, pem(cert));
    }
    Path adminFile = dir.resolve(ADMIN_FILE);
    PasswordHash admin;
    String adminNt;
    if (Files.exists(adminFile)) {
      // user:pbkdf2[:nthash]; files written before SMB existed have no NT hash.
      String[] fields = Files.readString(adminFile).strip().split(":", 3);
      admin = PasswordHash.decode(fields[1]);
      adminNt = fields.length > 2 && NtHash.isValid(fields[2]) ? fields[2] : "";
    } else {
      String password = randomPassword(random);
      admin = PasswordHash.create(password.toCharArray(), random, passwordIterations);
      adminNt = NtHash.of(password.toCharArray());
      SecureFiles.writePrivate(
          adminFile,
          (ADMIN_USER + ":" + admin.encode() + ":" + adminNt + "\n")
              .getBytes(StandardCharsets.UTF_8));
      reporter.initialAdmin(ADMIN_USER, password, adminFile);
    }
    ApplianceIdentity identity = new ApplianceIdentity(key, cert, admin, adminNt);
    identity.directory = dir;
    return identity;
  }

  /**
   * Replaces the certificate and key with ones the administrator provides (PEM), after checking
   * that they parse, belong together and are valid now; written atomically with mode 0600.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public synchronized void install(
      String certificatePem, String privateKeyPem, java.time.Instant now)
      throws IOException, GeneralSecurityException {
    X509Certificate cert;
    PrivateKey newKey;
    try {
      cert = readCertificate(certificatePem);
      newKey = readKey(privateKeyPem);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a PEM certificate and PKCS#8 private key: " + e.getMessage(), e);
    }
    try {
      cert.checkValidity(java.util.Date.from(now));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate is not valid now: " + e.getMessage(), e);
    }
    java.security.Signature sig =
        java.security.Signature.getInstance(
            newKey.getAlgorithm().equals("EC")
                ? "SHA256withECDSA"
                : "SHA256with" + newKey.getAlgorithm());
    byte[] probe = "kiln-key-check".getBytes(StandardCharsets.US_ASCII);
    sig.initSign(newKey);
    sig.update(probe);
    byte[] signature = sig.sign();
    sig.initVerify(cert.getPublicKey());
    sig.update(probe);
    if (!sig.verify(signature)) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
    SecureFiles.writePrivate(directory.resolve(KEY_FILE), pem(newKey));
    SecureFiles.writePrivate(directory.resolve(CERT_FILE), pem(cert));
    this.key = newKey;
    this.certificate = cert;
    if (keyManager != null) {
      keyManager.replace(keyManagerFor(newKey, cert));
    }
  }

  /** The certificate as PEM. */
  public String certificatePem() throws IOException {
    return new String(pem(certificate), StandardCharsets.US_ASCII);
  }

  /** The TLS certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate's SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  public String fingerprint() throws GeneralSecurityException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
  }

  /** The stored hash of the initial administrator's password. */
  public String adminPasswordHash() {
    return adminHash.encode();
  }

  /** The NT hash (hex) of the initial administrator's password; empty for older data dirs. */
  public String adminNtHash() {
    return adminNtHash;
  }

  /** Whether a password is the initial administrator's. */
  public boolean adminPasswordMatches(char[] password) {
    return adminHash.matches(password);
  }

  /**
   * A TLS 1.2/1.3 server context presenting this identity; it follows {@link #install}, so
   * listeners built on it present a newly installed certificate on their next handshake.
   */
  public synchronized SSLContext serverContext() throws GeneralSecurityException, IOException {
    if (keyManager == null) {
      keyManager = new ReloadableKeyManager(keyManagerFor(key, certificate));
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new javax.net.ssl.KeyManager[] {keyManager}, null, null);
    return ctx;
  }

  private static javax.net.ssl.X509ExtendedKeyManager keyManagerFor(
      PrivateKey key, X509Certificate cert) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] transientPassword = new char[0];
    ks.setKeyEntry("kiln", key, transientPassword, new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, transientPassword);
    for (javax.net.ssl.KeyManager km : kmf.getKeyManagers()) {
      if (km instanceof javax.net.ssl.X509ExtendedKeyManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 key manager in this JDK");
  }

  static String randomPassword(SecureRandom random) {
    // 20 characters from an alphabet without look-alikes: about 113 bits.
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static X509Certificate selfSign(
      KeyPair pair, String hostname, Duration validity, Clock clock, SecureRandom random)
      throws GeneralSecurityException, IOException {
    Instant now = clock.instant();
    X500Name subject = new X500Name("CN=" + hostname.replace(",", "") + ",O=Kiln appliance");
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(127, random).add(BigInteger.ONE),
            java.util.Date.from(now.minus(Duration.ofMinutes(5))),
            java.util.Date.from(now.plus(validity)),
            subject,
            pair.getPublic());
    List<GeneralName> names = new ArrayList<>();
    for (String dns : new java.util.LinkedHashSet<>(List.of(hostname, "localhost"))) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (String ip : List.of("127.0.0.1", "::1")) {
      names.add(
          new GeneralName(
              GeneralName.iPAddress,
              new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(ip).getAddress())));
    }
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(names.toArray(GeneralName[]::new)));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    b.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    try {
      X509CertificateHolder holder =
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the appliance certificate", e);
    }
  }

  private static byte[] pem(Object o) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      if (o instanceof PrivateKey k) {
        w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null));
      } else {
        w.writeObject(o);
      }
    }
    return sw.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static PrivateKey readKey(String pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      if (o instanceof PrivateKeyInfo info) {
        return new JcaPEMKeyConverter().getPrivateKey(info);
      }
      if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate(); // "EC/RSA PRIVATE KEY"
      }
      throw new IOException("identity/" + KEY_FILE + " does not hold a PKCS#8 private key");
    }
  }

  private static X509Certificate readCertificate(String pem)
      throws IOException, GeneralSecurityException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      if (o instanceof X509CertificateHolder h) {
        return new JcaX509CertificateConverter().getCertificate(h);
      }
      throw new IOException("identity/" + CERT_FILE + " does not hold a certificate");
    }
  }
}
