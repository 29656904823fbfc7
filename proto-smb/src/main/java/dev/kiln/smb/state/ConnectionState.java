package dev.kiln.smb.state;

import dev.kiln.smb.crypto.CipherSuite;
import dev.kiln.smb.crypto.SigningAlgorithm;
import dev.kiln.smb.crypto.SmbDialect;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-connection state ([MS-SMB2] 3.3.1.7). Written by the reader thread only. */
public final class ConnectionState {

  /** Largest READ/WRITE/transact with LARGE_MTU (8 MiB). */
  public static final int MAX_IO_LARGE = 8 << 20;

  /** Largest READ/WRITE/transact without it (64 KiB). */
  public static final int MAX_IO_SMALL = 64 << 10;

  private final String remote;
  private volatile java.net.InetAddress localAddress;
  private final CreditWindow credits = new CreditWindow(8192);
  private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
  private SmbDialect dialect;
  private boolean wildcardNegotiated;
  private byte[] clientGuid = new byte[16];
  private int clientCapabilities;
  private int clientSecurityMode;
  private int serverCapabilities;
  private int serverSecurityMode;
  private List<Integer> clientDialects = List.of();
  private byte[] preauthHash;
  private CipherSuite cipher;
  private SigningAlgorithm signingAlgorithm;

  /** A connection from {@code remote}. */
  public ConnectionState(String remote) {
    this.remote = remote;
  }

  /** The peer address. */
  public String remote() {
    return remote;
  }

  /** The server's own address of this connection, or null if unknown. */
  public java.net.InetAddress localAddress() {
    return localAddress;
  }

  /** Records the server's own address of this connection. */
  public void localAddress(java.net.InetAddress address) {
    localAddress = address;
  }

  /** The message id window. */
  public CreditWindow credits() {
    return credits;
  }

  /** Sessions by id. */
  public Map<Long, Session> sessions() {
    return sessions;
  }

  /** The negotiated dialect, or null before NEGOTIATE completed. */
  public SmbDialect dialect() {
    return dialect;
  }

  /** Whether an SMB1 negotiate answered with the 2.??? wildcard awaits the real NEGOTIATE. */
  public boolean wildcardNegotiated() {
    return wildcardNegotiated;
  }

  /** Records the wildcard answer. */
  public void wildcardNegotiated(boolean v) {
    wildcardNegotiated = v;
  }

  /** Records the negotiation. */
  public void negotiated(
      SmbDialect d,
      byte[] guid,
      int clientCaps,
      int clientSecMode,
      List<Integer> dialects,
      int serverCaps,
      int serverSecMode) {
    dialect = d;
    clientGuid = guid.clone();
    clientCapabilities = clientCaps;
    clientSecurityMode = clientSecMode;
    clientDialects = List.copyOf(dialects);
    serverCapabilities = serverCaps;
    serverSecurityMode = serverSecMode;
  }

  /** The ClientGuid. */
  public byte[] clientGuid() {
    return clientGuid.clone();
  }

  /** The client's Capabilities. */
  public int clientCapabilities() {
    return clientCapabilities;
  }

  /** The client's SecurityMode. */
  public int clientSecurityMode() {
    return clientSecurityMode;
  }

  /** The dialects the client offered. */
  public List<Integer> clientDialects() {
    return clientDialects;
  }

  /** The Capabilities the server sent. */
  public int serverCapabilities() {
    return serverCapabilities;
  }

  /** The SecurityMode the server sent. */
  public int serverSecurityMode() {
    return serverSecurityMode;
  }

  /** Whether LARGE_MTU (multi-credit) applies. */
  public boolean largeMtu() {
    return (serverCapabilities & 0x4) != 0;
  }

  /** The largest READ, WRITE or transact payload. */
  public int maxIo() {
    return largeMtu() ? MAX_IO_LARGE : MAX_IO_SMALL;
  }

  /** The connection's 3.1.1 preauth integrity hash, or null. */
  public byte[] preauthHash() {
    return preauthHash;
  }

  /** Sets the preauth hash value. */
  public void preauthHash(byte[] h) {
    preauthHash = h;
  }

  /** The negotiated cipher, or null. */
  public CipherSuite cipher() {
    return cipher;
  }

  /** Sets the cipher. */
  public void cipher(CipherSuite c) {
    cipher = c;
  }

  /** The negotiated signing algorithm. */
  public SigningAlgorithm signingAlgorithm() {
    return signingAlgorithm;
  }

  /** Sets the signing algorithm. */
  public void signingAlgorithm(SigningAlgorithm a) {
    signingAlgorithm = a;
  }
}
