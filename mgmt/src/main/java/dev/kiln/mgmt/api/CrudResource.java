package dev.kiln.mgmt.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.mgmt.auth.Role;
import java.util.List;

/**
 * The CRUD template: a resource says what it is and writes only its list, get, create, update and
 * delete; {@link CrudRoutes} turns it into routes, and the router owns authentication, roles,
 * validation against the schemas, problem details, audit and change events.
 *
 * @param <T> what the API returns for one item
 */
public interface CrudResource<T> {

  /** Singular name; operation ids are {@code <name>.list}, {@code <name>.create}, ... */
  String name();

  /** The namespace whose roles apply. */
  String namespace();

  /** The collection path, such as {@code /api/v1/users}. */
  String path();

  /** The role that may change items (reading needs readonly). */
  Role writeRole();

  /** The create body's schema. */
  Schema createSchema();

  /** The update body's schema (every field optional), or null if items cannot be updated. */
  Schema updateSchema();

  /** Every item. */
  List<T> list() throws Exception;

  /** One item; {@link ProblemException#notFound} if absent. */
  T get(String id) throws Exception;

  /** Creates an item from a validated body. */
  T doCreate(JsonNode body, Principal who) throws Exception;

  /** Updates an item from a validated partial body. */
  default T doUpdate(String id, JsonNode body, Principal who) throws Exception {
    throw new ProblemException(
        405, "Method Not Allowed", name() + " items cannot be changed", List.of());
  }

  /** Deletes an item; {@link ProblemException#notFound} if absent. */
  void doDelete(String id, Principal who) throws Exception;
}
