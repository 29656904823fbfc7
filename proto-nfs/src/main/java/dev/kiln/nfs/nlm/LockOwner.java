package dev.kiln.nfs.nlm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Who holds a lock (NLM4 §nlm4_lock): the client host's name, the process id and the opaque owner
 * handle. Two requests with the same three are the same owner, whose locks merge and split as POSIX
 * record locks do.
 *
 * @param host the caller_name
 * @param svid the process id on the client
 * @param handle the owner handle (oh)
 */
public record LockOwner(String host, int svid, byte[] handle) {

  /** Copies the handle. */
  public LockOwner {
    handle = handle.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LockOwner other
        && other.svid == svid
        && other.host.equals(host)
        && Arrays.equals(other.handle, handle);
  }

  @Override
  public int hashCode() {
    return host.hashCode() * 31 + svid * 17 + Arrays.hashCode(handle);
  }

  @Override
  public String toString() {
    return host + "/" + svid + "/" + HexFormat.of().formatHex(handle);
  }
}
