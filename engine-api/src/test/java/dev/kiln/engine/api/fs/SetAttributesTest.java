package dev.kiln.engine.api.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetAttributesTest {

  @Test
  void withersSetOnlyTheirFields() {
    SetAttributes s =
        SetAttributes.none()
            .withMode(0644)
            .withSize(10)
            .withMtime(TimeSet.serverTime())
            .withDosAttributes(Set.of(DosAttribute.HIDDEN));
    assertThat(s.mode()).isEqualTo(0644);
    assertThat(s.size()).isEqualTo(10L);
    assertThat(s.mtime().isServerTime()).isTrue();
    assertThat(s.atime()).isNull();
    assertThat(s.uid()).isNull();
    assertThat(s.isEmpty()).isFalse();
    assertThat(SetAttributes.none().isEmpty()).isTrue();
    Instant t = Instant.parse("2020-01-01T00:00:00.000000001Z");
    assertThat(SetAttributes.none().withAtime(TimeSet.at(t)).atime().instant()).isEqualTo(t);
  }

  @Test
  void stabilityLevelsAreOrdered() {
    assertThat(WriteStability.FILE_SYNC.satisfies(WriteStability.DATA_SYNC)).isTrue();
    assertThat(WriteStability.DATA_SYNC.satisfies(WriteStability.UNSTABLE)).isTrue();
    assertThat(WriteStability.UNSTABLE.satisfies(WriteStability.DATA_SYNC)).isFalse();
  }
}
