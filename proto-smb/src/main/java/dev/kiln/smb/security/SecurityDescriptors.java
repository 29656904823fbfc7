package dev.kiln.smb.security;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.acl.AclEntry;
import dev.kiln.engine.api.acl.AclFlag;
import dev.kiln.engine.api.acl.AclMask;
import dev.kiln.engine.api.acl.AclType;
import dev.kiln.engine.api.acl.Principal;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Self-relative SECURITY_DESCRIPTORs ([MS-DTYP] 2.4.6) to and from the engine's ACLs.
 *
 * <p>Mapping: a uid is S-1-22-1-uid, a gid S-1-22-2-gid, everyone@ is S-1-1-0. owner@ and group@
 * are the file's owner and group SIDs for the entry's effect on the file itself and CREATOR OWNER /
 * CREATOR GROUP for what it passes on by inheritance (an inheritable owner@ entry that also applies
 * to the directory becomes two ACEs, as Windows and Samba write it). Decoding maps S-1-3-0 and
 * S-1-3-1 back to owner@ and group@, the Unix SIDs to uids and gids, and keeps other SIDs
 * (BUILTIN\Administrators included: Kiln's superuser is a role, not a group) as they are. GENERIC_*
 * bits become the file rights they stand for ([MS-SMB2] 2.2.13.1.1); MAXIMUM_ALLOWED,
 * ACCESS_SYSTEM_SECURITY and bits Kiln does not keep are dropped. Audit and alarm entries belong to
 * the SACL, which Kiln neither returns nor sets.
 */
public final class SecurityDescriptors {

  static final int SE_DACL_PRESENT = 0x0004;
  static final int SE_SACL_PRESENT = 0x0010;
  static final int SE_DACL_PROTECTED = 0x1000;
  static final int SE_SELF_RELATIVE = 0x8000;

  static final int ACCESS_ALLOWED = 0;
  static final int ACCESS_DENIED = 1;

  static final int OBJECT_INHERIT = 0x01;
  static final int CONTAINER_INHERIT = 0x02;
  static final int NO_PROPAGATE_INHERIT = 0x04;
  static final int INHERIT_ONLY = 0x08;
  static final int INHERITED = 0x10;
  static final int SUCCESSFUL_ACCESS = 0x40;
  static final int FAILED_ACCESS = 0x80;

  static final int GENERIC_READ = 0x80000000;
  static final int GENERIC_WRITE = 0x40000000;
  static final int GENERIC_EXECUTE = 0x20000000;
  static final int GENERIC_ALL = 0x10000000;
  static final int FILE_GENERIC_READ = 0x00120089;
  static final int FILE_GENERIC_WRITE = 0x00120116;
  static final int FILE_GENERIC_EXECUTE = 0x001200a0;
  static final int FILE_ALL_ACCESS = 0x001f01ff;

  private static final int HEADER = 20;

  /**
   * How a NULL DACL ([MS-DTYP] 2.4.6: no DACL, everyone may do everything) is stored: one everyone@
   * entry allowing every right, without flags. It is shown as a NULL DACL again.
   */
  public static final Acl NULL_DACL = Acl.of(AclEntry.allow(Principal.everyone(), AclMask.ALL));

  /**
   * A decoded descriptor; absent parts were not in it.
   *
   * @param owner the owner SID
   * @param group the primary group SID
   * @param acl the DACL as an engine ACL (a NULL DACL is everyone@ with every right)
   * @param control the Control field
   */
  public record Decoded(Optional<Sid> owner, Optional<Sid> group, Optional<Acl> acl, int control) {

    /** The owner as a Kiln uid, when it is one (S-1-22-1-uid). */
    public OptionalLong ownerUid() {
      return owner.map(Sid::uid).orElse(OptionalLong.empty());
    }

    /** The group as a Kiln gid, when it is one (S-1-22-2-gid). */
    public OptionalLong groupGid() {
      return group.map(Sid::gid).orElse(OptionalLong.empty());
    }

    /** Whether the descriptor carried a SACL (Kiln ignores it; setting one is refused). */
    public boolean saclPresent() {
      return (control & SE_SACL_PRESENT) != 0;
    }
  }

  private SecurityDescriptors() {}

  /**
   * The self-relative descriptor of a file with ACL {@code acl}, owner {@code ownerUid} and group
   * {@code groupGid}, holding only the parts {@code additionalInformation} asks for ({@link
   * SecurityInformation}; the SACL is never included).
   */
  public static byte[] encode(Acl acl, long ownerUid, long groupGid, int additionalInformation) {
    return encode(acl, Sid.unixUser(ownerUid), Sid.unixGroup(groupGid), additionalInformation);
  }

  /**
   * The self-relative descriptor of a file with ACL {@code acl}, owner {@code owner} and group
   * {@code group} (SIDs: a Windows owner that is no Kiln user is kept as such), holding only the
   * parts {@code additionalInformation} asks for.
   */
  public static byte[] encode(Acl acl, Sid owner, Sid group, int additionalInformation) {
    int control = SE_SELF_RELATIVE;
    byte[] dacl = new byte[0];
    if ((additionalInformation & SecurityInformation.DACL) != 0) {
      control |= SE_DACL_PRESENT;
      // A NULL DACL goes back as one (DACL present, offset 0): the ACL it is stored as grants the
      // same, and Windows clients show the difference.
      dacl = acl.equals(NULL_DACL) ? new byte[0] : encodeAcl(acl, owner, group);
    }
    byte[] ownerBytes =
        (additionalInformation & SecurityInformation.OWNER) != 0 ? owner.encode() : new byte[0];
    byte[] groupBytes =
        (additionalInformation & SecurityInformation.GROUP) != 0 ? group.encode() : new byte[0];
    int offDacl = dacl.length > 0 ? HEADER : 0;
    int offOwner = ownerBytes.length > 0 ? HEADER + dacl.length : 0;
    int offGroup = groupBytes.length > 0 ? HEADER + dacl.length + ownerBytes.length : 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1); // Revision
    out.write(0); // Sbz1
    le16(out, control);
    le32(out, offOwner);
    le32(out, offGroup);
    le32(out, 0); // no SACL
    le32(out, offDacl);
    out.writeBytes(dacl);
    out.writeBytes(ownerBytes);
    out.writeBytes(groupBytes);
    return out.toByteArray();
  }

  private static byte[] encodeAcl(Acl acl, Sid owner, Sid group) {
    List<byte[]> aces = new ArrayList<>();
    for (AclEntry e : acl.entries()) {
      if (e.type() != AclType.ALLOW && e.type() != AclType.DENY) {
        continue; // audit and alarm entries are SACL material
      }
      int type = e.type() == AclType.ALLOW ? ACCESS_ALLOWED : ACCESS_DENIED;
      int flags = aceFlags(e.flags());
      boolean inherits = (flags & (OBJECT_INHERIT | CONTAINER_INHERIT)) != 0;
      boolean inheritOnly = (flags & INHERIT_ONLY) != 0;
      Principal p = e.principal();
      if (p instanceof Principal.Owner || p instanceof Principal.OwningGroup) {
        Sid self = p instanceof Principal.Owner ? owner : group;
        Sid creator = p instanceof Principal.Owner ? Sid.CREATOR_OWNER : Sid.CREATOR_GROUP;
        if (!inheritOnly) {
          int effective =
              flags & ~(OBJECT_INHERIT | CONTAINER_INHERIT | NO_PROPAGATE_INHERIT | INHERIT_ONLY);
          aces.add(ace(type, effective, e.mask(), self));
        }
        if (inherits) {
          aces.add(ace(type, flags | INHERIT_ONLY, e.mask(), creator));
        }
      } else {
        aces.add(ace(type, flags, e.mask(), sidOf(p)));
      }
    }
    int size = 8;
    for (byte[] a : aces) {
      size += a.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(2); // ACL_REVISION
    out.write(0);
    le16(out, size);
    le16(out, aces.size());
    le16(out, 0);
    aces.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static Sid sidOf(Principal p) {
    return switch (p) {
      case Principal.Everyone e -> Sid.EVERYONE;
      case Principal.User u -> Sid.unixUser(u.uid());
      case Principal.Group g -> Sid.unixGroup(g.gid());
      case Principal.Sid s -> Sid.of(s.sid());
      case Principal.Owner o -> Sid.CREATOR_OWNER;
      case Principal.OwningGroup g -> Sid.CREATOR_GROUP;
    };
  }

  private static byte[] ace(int type, int flags, int mask, Sid sid) {
    byte[] s = sid.encode();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.write(flags);
    le16(out, 8 + s.length);
    le32(out, mask);
    out.writeBytes(s);
    return out.toByteArray();
  }

  private static int aceFlags(Set<AclFlag> flags) {
    int f = 0;
    for (AclFlag flag : flags) {
      f |=
          switch (flag) {
            case FILE_INHERIT -> OBJECT_INHERIT;
            case DIRECTORY_INHERIT -> CONTAINER_INHERIT;
            case NO_PROPAGATE_INHERIT -> NO_PROPAGATE_INHERIT;
            case INHERIT_ONLY -> INHERIT_ONLY;
            case INHERITED -> INHERITED;
            case SUCCESSFUL_ACCESS -> SUCCESSFUL_ACCESS;
            case FAILED_ACCESS -> FAILED_ACCESS;
          };
    }
    return f;
  }

  /** Decodes a self-relative descriptor from SET_INFO or anywhere else untrusted. */
  public static Decoded decode(byte[] sd) throws InvalidSecurityDescriptorException {
    if (sd.length < HEADER) {
      throw new InvalidSecurityDescriptorException("shorter than a descriptor header");
    }
    if (sd[0] != 1) {
      throw new InvalidSecurityDescriptorException("descriptor revision " + sd[0]);
    }
    int control = u16(sd, 2);
    if ((control & SE_SELF_RELATIVE) == 0) {
      throw new InvalidSecurityDescriptorException("not a self-relative descriptor");
    }
    long offOwner = u32(sd, 4);
    long offGroup = u32(sd, 8);
    long offDacl = u32(sd, 16);
    Optional<Sid> owner =
        offOwner == 0
            ? Optional.empty()
            : Optional.of(Sid.decode(sd, offset(sd, offOwner), sd.length));
    Optional<Sid> group =
        offGroup == 0
            ? Optional.empty()
            : Optional.of(Sid.decode(sd, offset(sd, offGroup), sd.length));
    Optional<Acl> acl = Optional.empty();
    if ((control & SE_DACL_PRESENT) != 0) {
      acl =
          Optional.of(
              offDacl == 0
                  // A NULL DACL grants everything to everyone ([MS-DTYP] 2.4.6).
                  ? NULL_DACL
                  : decodeAcl(sd, offset(sd, offDacl)));
    }
    return new Decoded(owner, group, acl, control);
  }

  private static int offset(byte[] sd, long off) throws InvalidSecurityDescriptorException {
    if (off < HEADER || off >= sd.length) {
      throw new InvalidSecurityDescriptorException("offset " + off + " outside the descriptor");
    }
    return (int) off;
  }

  private static Acl decodeAcl(byte[] sd, int at) throws InvalidSecurityDescriptorException {
    if (at + 8 > sd.length) {
      throw new InvalidSecurityDescriptorException("truncated ACL header");
    }
    int revision = sd[at] & 0xff;
    if (revision != 2 && revision != 4) {
      throw new InvalidSecurityDescriptorException("ACL revision " + revision);
    }
    int size = u16(sd, at + 2);
    int count = u16(sd, at + 4);
    if (size < 8 || at + size > sd.length) {
      throw new InvalidSecurityDescriptorException("ACL size " + size + " beyond the descriptor");
    }
    int end = at + size;
    int pos = at + 8;
    List<AclEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (pos + 8 > end) {
        throw new InvalidSecurityDescriptorException("ACE " + i + " beyond the ACL");
      }
      int type = sd[pos] & 0xff;
      int flags = sd[pos + 1] & 0xff;
      int aceSize = u16(sd, pos + 2);
      if (aceSize < 16 || aceSize % 4 != 0 || pos + aceSize > end) {
        throw new InvalidSecurityDescriptorException("ACE " + i + " size " + aceSize);
      }
      if (type != ACCESS_ALLOWED && type != ACCESS_DENIED) {
        throw new InvalidSecurityDescriptorException(
            "ACE type " + type + " is not supported in a DACL (allowed and denied only)");
      }
      int mask = specificRights((int) u32(sd, pos + 4));
      Sid sid = Sid.decode(sd, pos + 8, pos + aceSize);
      Principal principal = principalOf(sid);
      if (principal instanceof Principal.Owner || principal instanceof Principal.OwningGroup) {
        // CREATOR OWNER/GROUP only ever act through inheritance: with inheritance flags they are
        // inherit-only owner@/group@ entries; without, they match nobody and are kept as SIDs.
        if ((flags & (OBJECT_INHERIT | CONTAINER_INHERIT)) != 0) {
          flags |= INHERIT_ONLY;
        } else {
          principal = new Principal.Sid(sid.toString());
        }
      }
      entries.add(
          new AclEntry(
              type == ACCESS_ALLOWED ? AclType.ALLOW : AclType.DENY,
              aclFlags(flags),
              mask,
              principal));
      pos += aceSize;
    }
    return new Acl(entries);
  }

  /** Maps GENERIC_* to file rights and drops what an engine ACL cannot hold. */
  static int specificRights(int mask) {
    int m = mask;
    if ((m & GENERIC_READ) != 0) {
      m |= FILE_GENERIC_READ;
    }
    if ((m & GENERIC_WRITE) != 0) {
      m |= FILE_GENERIC_WRITE;
    }
    if ((m & GENERIC_EXECUTE) != 0) {
      m |= FILE_GENERIC_EXECUTE;
    }
    if ((m & GENERIC_ALL) != 0) {
      m |= FILE_ALL_ACCESS;
    }
    return m & AclMask.ALL;
  }

  private static Set<AclFlag> aclFlags(int flags) {
    Set<AclFlag> out = EnumSet.noneOf(AclFlag.class);
    if ((flags & OBJECT_INHERIT) != 0) {
      out.add(AclFlag.FILE_INHERIT);
    }
    if ((flags & CONTAINER_INHERIT) != 0) {
      out.add(AclFlag.DIRECTORY_INHERIT);
    }
    if ((flags & NO_PROPAGATE_INHERIT) != 0) {
      out.add(AclFlag.NO_PROPAGATE_INHERIT);
    }
    if ((flags & INHERIT_ONLY) != 0) {
      out.add(AclFlag.INHERIT_ONLY);
    }
    if ((flags & INHERITED) != 0) {
      out.add(AclFlag.INHERITED);
    }
    if ((flags & SUCCESSFUL_ACCESS) != 0) {
      out.add(AclFlag.SUCCESSFUL_ACCESS);
    }
    if ((flags & FAILED_ACCESS) != 0) {
      out.add(AclFlag.FAILED_ACCESS);
    }
    return out;
  }

  /** The engine principal for a SID; SIDs without a sub-authority have none. */
  public static Principal principalOf(Sid sid) throws InvalidSecurityDescriptorException {
    if (sid.equals(Sid.EVERYONE)) {
      return Principal.everyone();
    }
    if (sid.equals(Sid.CREATOR_OWNER)) {
      return Principal.owner();
    }
    if (sid.equals(Sid.CREATOR_GROUP)) {
      return Principal.owningGroup();
    }
    OptionalLong uid = sid.uid();
    if (uid.isPresent()) {
      return new Principal.User(uid.getAsLong());
    }
    OptionalLong gid = sid.gid();
    if (gid.isPresent()) {
      return new Principal.Group(gid.getAsLong());
    }
    try {
      return new Principal.Sid(sid.toString());
    } catch (IllegalArgumentException e) {
      throw new InvalidSecurityDescriptorException("SID " + sid + " cannot name a principal");
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  private static void le16(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
  }

  private static void le32(ByteArrayOutputStream out, long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)));
    }
  }
}
