package dev.kiln.nfs.rpc;

/** ONC RPC program numbers Kiln serves (RFC 1833, RFC 1813, the Open Group XNFS). */
public final class RpcPrograms {

  private RpcPrograms() {}

  /** portmap/rpcbind. */
  public static final int PORTMAP = 100_000;

  /** NFS. */
  public static final int NFS = 100_003;

  /** MOUNT. */
  public static final int MOUNT = 100_005;

  /** NLM, the network lock manager. */
  public static final int NLM = 100_021;

  /** NSM, the network status monitor (statd). */
  public static final int NSM = 100_024;
}
