package dev.kiln.mgmt.api;

import java.io.IOException;
import java.util.Optional;

/** Turns a bearer credential (session or API token) into a principal. */
@FunctionalInterface
public interface Authenticator {

  /** The principal for a bearer value; empty when it is not valid. */
  Optional<Principal> bearer(String token) throws IOException;
}
