package dev.kiln.mgmt.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * A request as a handler sees it.
 *
 * @param principal the authenticated caller (null only on public routes)
 * @param pathParams values of {@code {name}} segments
 * @param query query parameters (first value of each)
 * @param body the parsed JSON body, or null
 * @param source the client address
 * @param authorization the raw Authorization header (login reads Basic credentials from it)
 */
public record ApiRequest(
    Principal principal,
    Map<String, String> pathParams,
    Map<String, String> query,
    JsonNode body,
    String source,
    String authorization) {

  /** A path parameter. */
  public String path(String name) {
    return pathParams.get(name);
  }

  /** A query parameter. */
  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
