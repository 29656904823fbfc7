package dev.kiln.mgmt.api;

import dev.kiln.mgmt.auth.Grants;

/**
 * Who makes a request.
 *
 * @param user the user name
 * @param grants the user's effective roles
 * @param via how they authenticated: {@code session:<id>} or {@code token:<id>}
 */
public record Principal(String user, Grants grants, String via) {}
