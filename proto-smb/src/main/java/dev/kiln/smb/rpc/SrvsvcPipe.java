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
    this.rpc =
        new RpcPipe(
            new SrvsvcInterface(catalog, serverName, comment),
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
