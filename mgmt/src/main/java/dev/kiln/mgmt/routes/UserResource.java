package dev.kiln.mgmt.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.mgmt.api.CrudResource;
import dev.kiln.mgmt.api.Field;
import dev.kiln.mgmt.api.Principal;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.auth.WeakPasswordException;
import dev.kiln.mgmt.users.User;
import dev.kiln.mgmt.users.UserDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Users: the {@code users} namespace; changes need the admin role. Passwords never leave. */
final class UserResource implements CrudResource<Map<String, Object>> {

  static final String NAME = "[a-z_][a-z0-9_-]{0,31}";

  /** One OpenSSH authorized_keys line: key type, base64 key, optional comment (no options). */
  static final String SSH_KEY =
      "(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa|sk-ssh-ed25519@openssh\\.com"
          + "|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]{16,16384}={0,2}"
          + "( [^\\p{Cntrl}]{0,256})?";

  private final UserDirectory users;

  UserResource(UserDirectory users) {
    this.users = users;
  }

  @Override
  public String name() {
    return "user";
  }

  @Override
  public String namespace() {
    return "users";
  }

  @Override
  public String path() {
    return "/api/v1/users";
  }

  @Override
  public Role writeRole() {
    return Role.ADMIN;
  }

  @Override
  public Schema createSchema() {
    return Schema.of(
        Field.string("name", true, NAME, 32, "Login name."),
        Field.string("fullName", false, "[^\\p{Cntrl}]*", 256, "Display name."),
        Field.string("password", true, null, 1024, "Initial password (policy applies)."),
        Field.strings("groups", false, NAME, "Group names."),
        Field.object(
            "roles", false, "Namespace to role (readonly, operator, admin); '*' for all."));
  }

  @Override
  public Schema updateSchema() {
    return Schema.of(
        Field.string("fullName", false, "[^\\p{Cntrl}]*", 256, "Display name."),
        Field.string("password", false, null, 1024, "New password (policy applies)."),
        Field.strings("groups", false, NAME, "Group names."),
        Field.object("roles", false, "Namespace to role."),
        Field.bool("disabled", false, "Refuse every login."),
        Field.strings(
            "sshKeys",
            false,
            SSH_KEY,
            16_384,
            "Authorized SSH public keys (authorized_keys lines); replaces the list."));
  }

  @Override
  public List<Map<String, Object>> list() throws Exception {
    return users.users().stream().map(UserResource::describe).toList();
  }

  @Override
  public Map<String, Object> get(String id) throws Exception {
    return describe(find(id));
  }

  @Override
  public Map<String, Object> doCreate(JsonNode b, Principal who) throws Exception {
    try {
      return describe(
          users.createUser(
              b.get("name").asText(),
              b.path("fullName").asText(""),
              strings(b.get("groups")),
              GrantsJson.parse(b.get("roles")),
              b.get("password").asText().toCharArray()));
    } catch (WeakPasswordException e) {
      throw ProblemException.invalid(List.of(new Schema.FieldError("password", e.getMessage())));
    }
  }

  @Override
  public Map<String, Object> doUpdate(String id, JsonNode b, Principal who) throws Exception {
    User u = find(id);
    if (b.has("password")) {
      try {
        u = users.setPassword(u.name(), b.get("password").asText().toCharArray());
      } catch (WeakPasswordException e) {
        throw ProblemException.invalid(List.of(new Schema.FieldError("password", e.getMessage())));
      }
    }
    User changed =
        new User(
            u.name(),
            u.uid(),
            b.has("fullName") ? b.get("fullName").asText() : u.fullName(),
            b.has("groups") ? strings(b.get("groups")) : u.groups(),
            b.has("roles") ? GrantsJson.parse(b.get("roles")) : u.grants(),
            u.passwordHash(),
            b.has("disabled") ? b.get("disabled").asBoolean() : u.disabled(),
            u.created(),
            b.has("sshKeys") ? strings(b.get("sshKeys")) : u.sshKeys(),
            u.ntHash());
    for (String g : changed.groups()) {
      if (users.group(g).isEmpty()) {
        throw ProblemException.invalid(
            List.of(new Schema.FieldError("groups", "no such group: " + g)));
      }
    }
    return describe(users.updateUser(u, changed));
  }

  @Override
  public void doDelete(String id, Principal who) throws Exception {
    if (id.equals(who.user())) {
      throw ProblemException.conflict("you cannot delete yourself");
    }
    if (!users.deleteUser(id)) {
      throw ProblemException.notFound("no such user: " + id);
    }
  }

  private User find(String name) throws Exception {
    return users.user(name).orElseThrow(() -> ProblemException.notFound("no such user: " + name));
  }

  private static Map<String, Object> describe(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("uid", u.uid());
    m.put("fullName", u.fullName());
    m.put("groups", u.groups());
    m.put("roles", u.grants().roles());
    m.put("disabled", u.disabled());
    m.put("sshKeys", u.sshKeys());
    m.put("created", u.created());
    return m;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(e -> out.add(e.asText()));
    }
    return out;
  }
}
