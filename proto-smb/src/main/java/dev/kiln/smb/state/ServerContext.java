package dev.kiln.smb.state;

import dev.kiln.smb.rpc.NamedPipe;
import dev.kiln.smb.share.ShareSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What every connection of one server shares.
 *
 * @param shares the shares
 * @param authenticator logons
 * @param crypto signing and encryption, or null when none is plugged in
 * @param pipes named pipes of IPC$ by name (e.g. "srvsvc"), empty when unknown
 * @param openFiles the global open table
 * @param clock time source
 * @param serverGuid the ServerGuid of NEGOTIATE responses
 * @param started server start time
 * @param requireSigning whether every session must sign
 * @param requireEncryption whether every session must encrypt
 * @param ids source of session ids, file ids and async ids
 * @param oplocks the oplocks granted and their breaks
 * @param durables the durable opens
 * @param globalSessions every established session, for reconnects
 */
public record ServerContext(
    ShareSource shares,
    SmbAuthenticator authenticator,
    SessionCrypto crypto,
    Function<String, Optional<NamedPipe>> pipes,
    OpenFiles openFiles,
    Clock clock,
    byte[] serverGuid,
    Instant started,
    boolean requireSigning,
    boolean requireEncryption,
    AtomicLong ids,
    dev.kiln.smb.oplock.OplockTable oplocks,
    DurableHandles durables,
    GlobalSessions globalSessions) {

  /** A fresh non-zero id. */
  public long nextId() {
    return ids.incrementAndGet();
  }
}
