package dev.kiln.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

  @Test
  void parsesBinarySuffixes() {
    assertThat(ByteSizes.parse("512")).isEqualTo(512);
    assertThat(ByteSizes.parse("4K")).isEqualTo(4096);
    assertThat(ByteSizes.parse("10g")).isEqualTo(10L << 30);
    assertThat(ByteSizes.parse("1.5T")).isEqualTo(3L << 39);
    assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L << 30);
    assertThat(ByteSizes.parse("3MB")).isEqualTo(3L << 20);
    assertThat(ByteSizes.parse("7B")).isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "G", "-1K", "ten", "1X", "99999999E"})
  void refusesNonsense(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsLikeZfsList() {
    assertThat(ByteSizes.format(0)).isEqualTo("0B");
    assertThat(ByteSizes.format(1023)).isEqualTo("1023B");
    assertThat(ByteSizes.format(1536)).isEqualTo("1.50K");
    assertThat(ByteSizes.format(10L << 30)).isEqualTo("10.0G");
    assertThat(ByteSizes.format(200L << 20)).isEqualTo("200M");
  }
}
