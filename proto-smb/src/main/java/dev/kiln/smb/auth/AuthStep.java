package dev.kiln.smb.auth;

import java.util.Optional;

/**
 * The outcome of one exchange step.
 *
 * @param responseToken the security buffer for the SESSION_SETUP response
 * @param result present once authentication completed (STATUS_SUCCESS); empty means
 *     STATUS_MORE_PROCESSING_REQUIRED
 */
public record AuthStep(byte[] responseToken, Optional<AuthResult> result) {}
