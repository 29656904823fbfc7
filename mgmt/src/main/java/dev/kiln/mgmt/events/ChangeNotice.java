package dev.kiln.mgmt.events;

import java.time.Instant;

/**
 * One change, as subscribers of the event stream see it.
 *
 * @param id increasing event number
 * @param time when it happened
 * @param type the operation, such as {@code dataset.create}
 * @param resource what changed, such as {@code tank/home}
 * @param user who changed it
 */
public record ChangeNotice(long id, Instant time, String type, String resource, String user) {}
