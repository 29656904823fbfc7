package dev.kiln.iscsi.target;

/** Ends a login with a Status-Class/Detail other than success (RFC 7143 §11.13.5). */
final class LoginFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  LoginFailure(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
