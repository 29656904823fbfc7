package dev.kiln.daemon.mgmt;

import dev.kiln.daemon.identity.ApplianceIdentity;
import dev.kiln.mgmt.routes.CertificateManager;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's view of the appliance certificate: shows it and installs a new one. */
public final class IdentityCertificates implements CertificateManager {

  private final ApplianceIdentity identity;
  private final Clock clock;

  /**
   * @param identity the appliance identity
   * @param clock time for the validity check
   */
  public IdentityCertificates(ApplianceIdentity identity, Clock clock) {
    this.identity = identity;
    this.clock = clock;
  }

  @Override
  public Map<String, Object> describe() throws Exception {
    X509Certificate c = identity.certificate();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", c.getSubjectX500Principal().getName());
    m.put("issuer", c.getIssuerX500Principal().getName());
    m.put("notBefore", c.getNotBefore().toInstant().toString());
    m.put("notAfter", c.getNotAfter().toInstant().toString());
    List<String> names = new ArrayList<>();
    if (c.getSubjectAlternativeNames() != null) {
      c.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
    }
    m.put("subjectAltNames", names);
    m.put("sha256", identity.fingerprint());
    m.put("pem", identity.certificatePem());
    return m;
  }

  @Override
  public void install(String certificatePem, String privateKeyPem) throws Exception {
    // The listeners' TLS context follows the identity: new handshakes present the new one.
    identity.install(certificatePem, privateKeyPem, clock.instant());
  }
}
