package dev.kiln.mgmt.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.mgmt.api.CrudResource;
import dev.kiln.mgmt.api.Field;
import dev.kiln.mgmt.api.Principal;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.users.Group;
import dev.kiln.mgmt.users.UserDirectory;
import java.util.List;

/** Groups: the {@code users} namespace; their roles apply to every member. */
final class GroupResource implements CrudResource<Group> {

  private final UserDirectory users;

  GroupResource(UserDirectory users) {
    this.users = users;
  }

  @Override
  public String name() {
    return "group";
  }

  @Override
  public String namespace() {
    return "users";
  }

  @Override
  public String path() {
    return "/api/v1/groups";
  }

  @Override
  public Role writeRole() {
    return Role.ADMIN;
  }

  @Override
  public Schema createSchema() {
    return Schema.of(
        Field.string("name", true, UserResource.NAME, 32, "Group name."),
        Field.object("roles", false, "Namespace to role for members."));
  }

  @Override
  public Schema updateSchema() {
    return null; // groups are recreated, not edited, for now
  }

  @Override
  public List<Group> list() throws Exception {
    return users.groups();
  }

  @Override
  public Group get(String id) throws Exception {
    return users.group(id).orElseThrow(() -> ProblemException.notFound("no such group: " + id));
  }

  @Override
  public Group doCreate(JsonNode body, Principal who) throws Exception {
    return users.createGroup(body.get("name").asText(), GrantsJson.parse(body.get("roles")));
  }

  @Override
  public void doDelete(String id, Principal who) throws Exception {
    if (!users.deleteGroup(id)) {
      throw ProblemException.notFound("no such group: " + id);
    }
  }
}
