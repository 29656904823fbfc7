package dev.kiln.mgmt.audit;

import java.time.Instant;

/**
 * One audited action: who did what, when, from where, with what result.
 *
 * @param time when
 * @param user the authenticated user, or {@code -} before authentication
 * @param source the client address or channel, such as {@code 10.0.0.5} or {@code local-cli}
 * @param action the operation, such as {@code dataset.create} or {@code auth.login}
 * @param resource what it acted on, such as {@code tank/home}
 * @param result {@code ok}, or the error's short name
 * @param detail extra context (never secrets)
 */
public record AuditEvent(
    Instant time,
    String user,
    String source,
    String action,
    String resource,
    String result,
    String detail) {}
