package dev.kiln.smb.rpc;

/** One DCE/RPC interface served on a pipe, with NDR 2.0 stub data. */
interface RpcInterface {

  /** The interface UUID in its 16-byte NDR (little-endian fields) form. */
  byte[] uuid();

  /** The interface version as on the wire: major in the low 16 bits, minor in the high. */
  int version();

  /** Executes operation {@code opnum} on the request stub; returns the response stub. */
  byte[] invoke(int opnum, byte[] stub) throws RpcFault;
}
