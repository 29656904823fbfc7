package dev.kiln.ssh.fs;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Owners as numbers: SFTP v3 carries numeric uid/gid (draft-ietf-secsh-filexfer-02 §5), and the
 * engine stores numbers, so principals are named by their decimal id.
 */
final class NumericPrincipals {

  /** Looks up principals by decimal id. */
  static final UserPrincipalLookupService LOOKUP =
      new UserPrincipalLookupService() {
        @Override
        public UserPrincipal lookupPrincipalByName(String name)
            throws UserPrincipalNotFoundException {
          return new User(parse(name));
        }

        @Override
        public GroupPrincipal lookupPrincipalByGroupName(String group)
            throws UserPrincipalNotFoundException {
          return new Group(parse(group));
        }
      };

  private NumericPrincipals() {}

  /** A user id as a principal. */
  record User(long id) implements UserPrincipal {
    @Override
    public String getName() {
      return Long.toString(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  /** A group id as a principal. */
  record Group(long id) implements GroupPrincipal {
    @Override
    public String getName() {
      return Long.toString(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  /** The numeric id of a principal given by the client. */
  static long id(java.security.Principal p) throws UserPrincipalNotFoundException {
    return switch (p) {
      case User u -> u.id();
      case Group g -> g.id();
      default -> parse(p.getName());
    };
  }

  private static long parse(String name) throws UserPrincipalNotFoundException {
    try {
      long id = Long.parseLong(name);
      if (id < 0 || id > 0xffff_ffffL) {
        throw new UserPrincipalNotFoundException(name);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new UserPrincipalNotFoundException(name);
    }
  }
}
