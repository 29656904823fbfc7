package dev.kiln.smb.state;

import dev.kiln.smb.auth.AuthExchange;
import dev.kiln.smb.crypto.MessageSigner;
import dev.kiln.smb.crypto.TransformCipher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One session ([MS-SMB2] 3.3.1.8): its authentication, keys, trees and opens. */
public final class Session {

  /** Where authentication stands. */
  public enum State {
    /** SESSION_SETUP round trips under way. */
    IN_PROGRESS,
    /** Authenticated. */
    VALID
  }

  private final long id;
  private volatile State state = State.IN_PROGRESS;
  private AuthExchange exchange;
  private byte[] preauthHash;
  private volatile Caller caller;
  private volatile boolean guest;
  private volatile boolean anonymous;
  private volatile MessageSigner signer;
  private volatile TransformCipher cipher;
  private volatile boolean signingRequired;
  private volatile boolean encryptData;
  private final Map<Integer, Tree> trees = new ConcurrentHashMap<>();
  private final Map<Long, Open> opens = new ConcurrentHashMap<>();
  private final AtomicInteger nextTree = new AtomicInteger(1);

  /** A new session being authenticated. */
  public Session(long id) {
    this.id = id;
  }

  /** The SessionId. */
  public long id() {
    return id;
  }

  /** The state. */
  public State state() {
    return state;
  }

  /** Marks it authenticated as {@code who}. */
  public void established(Caller who, boolean isGuest, boolean isAnonymous) {
    caller = who;
    guest = isGuest;
    anonymous = isAnonymous;
    exchange = null;
    state = State.VALID;
  }

  /** The exchange in progress, or null. */
  public AuthExchange exchange() {
    return exchange;
  }

  /** Starts an exchange (first SESSION_SETUP or re-authentication). */
  public void exchange(AuthExchange e) {
    exchange = e;
  }

  /** The 3.1.1 preauth integrity hash value of this session, or null. */
  public byte[] preauthHash() {
    return preauthHash;
  }

  /** Sets the preauth integrity hash value. */
  public void preauthHash(byte[] h) {
    preauthHash = h;
  }

  /** The identity; null before authentication. */
  public Caller caller() {
    return caller;
  }

  /** Whether this is a guest logon. */
  public boolean guest() {
    return guest;
  }

  /** Whether this is an anonymous logon. */
  public boolean anonymous() {
    return anonymous;
  }

  /** The signer, or null if there is no session key. */
  public MessageSigner signer() {
    return signer;
  }

  /** The cipher, or null. */
  public TransformCipher cipher() {
    return cipher;
  }

  /** Sets the keys. */
  public void keys(MessageSigner s, TransformCipher c) {
    signer = s;
    cipher = c;
  }

  /** Whether every message must be signed. */
  public boolean signingRequired() {
    return signingRequired;
  }

  /** Requires signing. */
  public void signingRequired(boolean v) {
    signingRequired = v;
  }

  /** Whether every message must be encrypted. */
  public boolean encryptData() {
    return encryptData;
  }

  /** Requires encryption. */
  public void encryptData(boolean v) {
    encryptData = v;
  }

  /** Tree connects by TreeId. */
  public Map<Integer, Tree> trees() {
    return trees;
  }

  /** A fresh TreeId. */
  public int nextTreeId() {
    return nextTree.getAndIncrement();
  }

  /** Opens by FileId. */
  public Map<Long, Open> opens() {
    return opens;
  }
}
