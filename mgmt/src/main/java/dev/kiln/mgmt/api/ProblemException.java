package dev.kiln.mgmt.api;

import java.util.List;

/** An error the API reports as RFC 9457 problem details ({@code application/problem+json}). */
public final class ProblemException extends Exception {

  private final int status;
  private final String title;
  private final List<Schema.FieldError> errors;

  /** A problem with a status, a title and a detail message. */
  public ProblemException(int status, String title, String detail, List<Schema.FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  /** 400: the request cannot be understood. */
  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad Request", detail, List.of());
  }

  /** 422: fields failed validation. */
  public static ProblemException invalid(List<Schema.FieldError> errors) {
    return new ProblemException(422, "Invalid Fields", "the request has invalid fields", errors);
  }

  /** 404: no such resource. */
  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not Found", detail, List.of());
  }

  /** 409: conflicts with the current state. */
  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "Conflict", detail, List.of());
  }

  /** 401: no or bad credentials. */
  public static ProblemException unauthorized(String detail) {
    return new ProblemException(401, "Unauthorized", detail, List.of());
  }

  /** 403: authenticated but not allowed. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "Forbidden", detail, List.of());
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The short title. */
  public String title() {
    return title;
  }

  /** Field errors for 422. */
  public List<Schema.FieldError> errors() {
    return errors;
  }
}
