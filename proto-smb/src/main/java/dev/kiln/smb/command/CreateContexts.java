package dev.kiln.smb.command;

import dev.kiln.smb.protocol.SmbReader;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusInvalidParameter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the SMB2_CREATE_CONTEXT chain of a CREATE ([MS-SMB2] 2.2.13.2): each context names its
 * successor by a relative offset; names and data must lie inside the chain.
 */
final class CreateContexts {

  /**
   * A parsed context.
   *
   * @param dataOffset absolute offset (from the header) of the data
   * @param dataLength data length
   */
  record Context(int dataOffset, int dataLength) {}

  private CreateContexts() {}

  /** The contexts by name (four-character tags such as "MxAc"; other names as their bytes). */
  static Map<String, Context> parse(SmbReader r, int offset, int length) throws SmbStatusException {
    Map<String, Context> map = new LinkedHashMap<>();
    if (length == 0) {
      return map;
    }
    r.checkRange(offset, length, 120);
    if ((offset & 7) != 0) {
      throw new StatusInvalidParameter("create contexts not 8-byte aligned");
    }
    int end = offset + length;
    int p = offset;
    while (true) {
      if (end - p < 16) {
        throw new StatusInvalidParameter("truncated create context");
      }
      int next = r.u32(p);
      int nameOff = r.u16(p + 4);
      int nameLen = r.u16(p + 6);
      int dataOff = r.u16(p + 10);
      int dataLen = r.u32(p + 12);
      // Tags are at least four bytes ([MS-SMB2] 2.2.13.2); Windows refuses shorter ones with
      // STATUS_INVALID_PARAMETER (smbtorture smb2.create.blob).
      if (nameLen < 4 || nameOff < 16 || p + nameOff + nameLen > end) {
        throw new StatusInvalidParameter("create context name out of range");
      }
      if (dataLen < 0 || (dataLen > 0 && (dataOff < 16 || (long) p + dataOff + dataLen > end))) {
        throw new StatusInvalidParameter("create context data out of range");
      }
      String name = new String(r.bytes(p + nameOff, nameLen), StandardCharsets.ISO_8859_1);
      if (map.put(name, new Context(p + dataOff, dataLen)) != null) {
        throw new StatusInvalidParameter("duplicate create context " + name);
      }
      if (next == 0) {
        return map;
      }
      if (next < 16 || (next & 7) != 0 || next > end - p) {
        throw new StatusInvalidParameter("bad create context chain");
      }
      p += next;
    }
  }
}
