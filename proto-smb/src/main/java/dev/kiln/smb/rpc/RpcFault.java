package dev.kiln.smb.rpc;

/** A call that ends in a FAULT PDU with the given status ([C706] Appendix E, [MS-RPCE] 3.1.1.5). */
final class RpcFault extends Exception {

  private static final long serialVersionUID = 1L;

  /** nca_s_op_rng_error: the operation number is not in the interface. */
  static final int OP_RNG_ERROR = 0x1c010002;

  /** nca_s_unknown_if: the presentation context is not bound. */
  static final int UNKNOWN_IF = 0x1c010003;

  /** nca_proto_error: the PDU violates the protocol. */
  static final int PROTO_ERROR = 0x1c01000b;

  /** rpc_x_bad_stub_data / nca_s_fault_ndr: the stub data cannot be decoded. */
  static final int BAD_STUB_DATA = 0x000006f7;

  private final int status;

  RpcFault(int status, String reason) {
    super(reason);
    this.status = status;
  }

  static RpcFault badStub(String reason) {
    return new RpcFault(BAD_STUB_DATA, reason);
  }

  int status() {
    return status;
  }
}
