package dev.kiln.mgmt.api;

/**
 * What a handler returns: a status and a body serialized as JSON (null for none).
 *
 * @param status HTTP status
 * @param body the JSON body
 */
public record ApiResponse(int status, Object body) {

  /** 200 with a body. */
  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body);
  }

  /** 201 with the created resource. */
  public static ApiResponse created(Object body) {
    return new ApiResponse(201, body);
  }

  /** 204, no body. */
  public static ApiResponse noContent() {
    return new ApiResponse(204, null);
  }
}
