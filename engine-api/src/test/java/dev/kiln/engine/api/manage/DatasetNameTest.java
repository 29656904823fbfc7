package dev.kiln.engine.api.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetNameTest {

  @Test
  void parsesDatasetsAndSnapshots() {
    DatasetName n = DatasetName.parse("tank/home/alice@monday");
    assertThat(n.pool()).isEqualTo("tank");
    assertThat(n.isSnapshot()).isTrue();
    assertThat(n.dataset().toString()).isEqualTo("tank/home/alice");
    assertThat(n.parent().toString()).isEqualTo("tank/home/alice");
    assertThat(n.dataset().parent().toString()).isEqualTo("tank/home");
    assertThat(DatasetName.parse("tank").parent()).isNull();
    assertThat(n.toString()).isEqualTo("tank/home/alice@monday");
  }

  @Test
  void rejectsMalformedNames() {
    for (String bad :
        new String[] {"", "tank//a", "tank/", "/tank", "tank/a b", "tank@", "a/../b"}) {
      assertThatThrownBy(() -> DatasetName.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> DatasetName.parse("t".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
