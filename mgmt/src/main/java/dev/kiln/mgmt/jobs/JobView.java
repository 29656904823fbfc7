package dev.kiln.mgmt.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it.
 *
 * @param id job id
 * @param kind what it does, such as {@code pool.scrub}
 * @param target what it works on
 * @param user who started it
 * @param state where it is
 * @param progress percent done
 * @param started when it started
 * @param finished when it ended, or null
 * @param error why it failed, or null
 * @param log its log lines, oldest first (the newest 200)
 */
public record JobView(
    long id,
    String kind,
    String target,
    String user,
    JobState state,
    int progress,
    Instant started,
    Instant finished,
    String error,
    List<String> log) {}
