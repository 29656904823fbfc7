package dev.kiln.smb.rpc;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code \PIPE\srvsvc} named pipe: DCE/RPC over the pipe's bytes serving the share listing
 * operations of {@link SrvsvcInterface}. Not thread-safe: one per open.
 */
public final class SrvsvcPipe implements NamedPipe {

  private final RpcPipe rpc;

  /**
   * A pipe for one open.
   *
   * @param catalog the shares to report, as the caller may see them
   * @param serverName the server's NetBIOS name (NetrServerGetInfo)
   */
  public SrvsvcPipe(ShareCatalog catalog, String serverName) {
    this(catalog, serverName, "Kiln");
  }

  /** A pipe whose NetrServerGetInfo level 101 reports {@code comment}. */
  public SrvsvcPipe(ShareCatalog catalog, String serverName, String comment) {
    this(catalog, serverName, comment, true);
  }

  /**
   * A pipe for a caller who is or is not an administrator: share info levels 2 and 502 answer
   * ERROR_ACCESS_DENIED to others, as Windows does (anonymous sessions, say).
   */
  public SrvsvcPipe(ShareCatalog catalog, String serverName, String comment, boolean privileged) {
    this.rpc =
        new RpcPipe(
            new SrvsvcInterface(catalog, serverName, comment, privileged),
            "\\PIPE\\srvsvc",
            ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
  }

  @Override
  public void write(byte[] data) {
    rpc.write(data);
  }

  @Override
  public byte[] read(int max) {
    return rpc.read(max);
  }

  @Override
  public int available() {
    return rpc.available();
  }
}
