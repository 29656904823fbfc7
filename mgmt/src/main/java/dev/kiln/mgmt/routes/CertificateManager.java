package dev.kiln.mgmt.routes;

import java.util.Map;

/** The appliance's TLS certificate, as the API shows and replaces it. */
public interface CertificateManager {

  /** The current certificate: PEM, fingerprint, validity, names. */
  Map<String, Object> describe() throws Exception;

  /**
   * Installs a certificate and its private key (PEM) and presents it on new connections.
   *
   * @throws IllegalArgumentException naming what is wrong with them
   */
  void install(String certificatePem, String privateKeyPem) throws Exception;
}
