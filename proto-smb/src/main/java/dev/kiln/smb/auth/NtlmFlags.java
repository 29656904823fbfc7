package dev.kiln.smb.auth;

/** NTLM NegotiateFlags bits ([MS-NLMP] 2.2.2.5). */
final class NtlmFlags {

  static final int NEGOTIATE_UNICODE = 0x00000001;
  static final int NEGOTIATE_OEM = 0x00000002;
  static final int REQUEST_TARGET = 0x00000004;
  static final int NEGOTIATE_SIGN = 0x00000010;
  static final int NEGOTIATE_SEAL = 0x00000020;
  static final int NEGOTIATE_LM_KEY = 0x00000080;
  static final int NEGOTIATE_NTLM = 0x00000200;
  static final int NEGOTIATE_ANONYMOUS = 0x00000800;
  static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
  static final int TARGET_TYPE_SERVER = 0x00020000;
  static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
  static final int NEGOTIATE_TARGET_INFO = 0x00800000;
  static final int NEGOTIATE_VERSION = 0x02000000;
  static final int NEGOTIATE_128 = 0x20000000;
  static final int NEGOTIATE_KEY_EXCH = 0x40000000;
  static final int NEGOTIATE_56 = 0x80000000;

  /** Flags the server grants when the client asks for them. */
  static final int ECHOED =
      NEGOTIATE_SIGN
          | NEGOTIATE_SEAL
          | NEGOTIATE_ALWAYS_SIGN
          | NEGOTIATE_EXTENDED_SESSIONSECURITY
          | NEGOTIATE_128
          | NEGOTIATE_KEY_EXCH
          | NEGOTIATE_56
          | REQUEST_TARGET;

  private NtlmFlags() {}
}
