package dev.kiln.mgmt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  @TempDir Path dir;

  private static AuditEvent event(int i) {
    return new AuditEvent(
        Instant.parse("2026-11-24T06:00:00Z").plusSeconds(i),
        "alice",
        "10.0.0." + i,
        "dataset.create",
        "tank/d" + i,
        "ok",
        "");
  }

  @Test
  void appendsSurviveReopenAndTheChainContinues() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(event(1));
      log.append(event(2));
    }
    try (AuditLog log = AuditLog.open(file)) {
      log.append(event(3));
      assertThat(log.tail(10)).containsExactly(event(1), event(2), event(3));
      assertThat(log.tail(1)).containsExactly(event(3));
      assertThat(log.verify()).isZero();
    }
  }

  @Test
  void editingOrDeletingAPastEntryIsDetected() throws Exception {
    Path file = dir.resolve("audit.log");
    try (AuditLog log = AuditLog.open(file)) {
      for (int i = 1; i <= 5; i++) {
        log.append(event(i));
      }
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.set(2, lines.get(2).replace("\"ok\"", "\"denied\""));
    Files.write(file, lines, StandardCharsets.UTF_8);
    try (AuditLog log = AuditLog.open(file)) {
      assertThat(log.verify()).isEqualTo(4);
    }
    lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.remove(2);
    lines.remove(1);
    Files.write(file, lines, StandardCharsets.UTF_8);
    try (AuditLog log = AuditLog.open(file)) {
      assertThat(log.verify()).isEqualTo(2);
    }
  }
}
