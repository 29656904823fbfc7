package dev.kiln.ssh.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The appliance's SSH host keys: Ed25519 and ECDSA P-256, made at first start and kept in the data
 * directory (made with the security provider MINA uses, Bouncy Castle) as PKCS#8 (private, mode
 * 0600) and X.509 SubjectPublicKeyInfo (public) PEM files, so clients see the same host key after a
 * restart.
 */
public final class HostKeys {

  /** One host key type: its file name and how to make one. */
  private enum Kind {
    ED25519("ssh_host_ed25519_key", SecurityUtils.EDDSA, "Ed25519"),
    ECDSA("ssh_host_ecdsa_key", "EC", "secp256r1");

    final String file;
    final String algorithm;
    final String curve;

    Kind(String file, String algorithm, String curve) {
      this.file = file;
      this.algorithm = algorithm;
      this.curve = curve;
    }
  }

  private HostKeys() {}

  /** Loads the host keys from {@code dir}, generating the missing ones. */
  public static List<KeyPair> loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    List<KeyPair> out = new ArrayList<>();
    for (Kind k : Kind.values()) {
      Path priv = dir.resolve(k.file);
      Path pub = dir.resolve(k.file + ".pem.pub");
      if (!Files.exists(priv) || !Files.exists(pub)) {
        KeyPairGenerator g = SecurityUtils.getKeyPairGenerator(k.algorithm);
        if (k.curve != null) {
          g.initialize(new ECGenParameterSpec(k.curve));
        }
        KeyPair kp = g.generateKeyPair();
        write(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()), "rw-r--r--");
        write(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()), "rw-------");
      }
      KeyFactory f = SecurityUtils.getKeyFactory(k.algorithm);
      PrivateKey privateKey = f.generatePrivate(new PKCS8EncodedKeySpec(unpem(priv)));
      PublicKey publicKey = f.generatePublic(new X509EncodedKeySpec(unpem(pub)));
      out.add(new KeyPair(publicKey, privateKey));
    }
    return List.copyOf(out);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] unpem(Path file) throws IOException {
    StringBuilder b64 = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      if (!line.startsWith("-----")) {
        b64.append(line.strip());
      }
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt host key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes atomically with the permissions set at creation (no window with wider access). */
  private static void write(Path file, String content, String perms) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms)));
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
