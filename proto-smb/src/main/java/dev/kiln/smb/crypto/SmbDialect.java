package dev.kiln.smb.crypto;

/** The SMB2 dialects Kiln speaks ([MS-SMB2] 2.2.3), with their wire revision numbers. */
public enum SmbDialect {
  /** SMB 2.0.2. */
  SMB_2_0_2(0x0202),
  /** SMB 2.1. */
  SMB_2_1(0x0210),
  /** SMB 3.0. */
  SMB_3_0(0x0300),
  /** SMB 3.0.2. */
  SMB_3_0_2(0x0302),
  /** SMB 3.1.1. */
  SMB_3_1_1(0x0311);

  private final int revision;

  SmbDialect(int revision) {
    this.revision = revision;
  }

  /** The DialectRevision value on the wire. */
  public int revision() {
    return revision;
  }

  /** Whether this is an SMB 3.x dialect (AES signing, encryption, key derivation). */
  public boolean isSmb3() {
    return revision >= 0x0300;
  }
}
