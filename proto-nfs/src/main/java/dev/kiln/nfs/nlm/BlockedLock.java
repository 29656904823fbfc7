package dev.kiln.nfs.nlm;

/**
 * A blocking LOCK request that conflicted and waits for the range to free (NLM4 BLOCKED).
 *
 * @param file the file
 * @param owner who asked
 * @param start first byte
 * @param end one past the last byte
 * @param exclusive write lock
 * @param cookie the request's cookie, echoed in the GRANTED callback
 * @param fh the file handle as the client sent it
 * @param svid the client's process id
 * @param offset the requested offset
 * @param length the requested length
 * @param address the client's address, where its NLM is reached through its portmapper
 */
public record BlockedLock(
    LockTable.FileKey file,
    LockOwner owner,
    long start,
    long end,
    boolean exclusive,
    byte[] cookie,
    byte[] fh,
    int svid,
    long offset,
    long length,
    String address) {}
