package dev.kiln.engine.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtentSetTest {

  @Test
  void mergesAdjacentRangesAndSplitsOnRemove() {
    ExtentSet set = new ExtentSet(true);
    set.add(0, 100);
    set.add(200, 100);
    set.add(100, 100);
    assertThat(set.rangeCount()).isEqualTo(1);
    assertThat(set.totalBytes()).isEqualTo(300);
    set.remove(50, 10);
    assertThat(set.ranges()).hasSize(2);
    assertThat(set.contains(0, 50)).isTrue();
    assertThat(set.contains(40, 20)).isFalse();
    assertThat(set.overlaps(55, 1)).isFalse();
    assertThat(set.overlaps(55, 10)).isTrue();
    assertThat(set.largest()).isEqualTo(240);
  }

  @Test
  void overlappingAddAndForeignRemoveAreRejectedWithoutChange() {
    ExtentSet set = new ExtentSet(true);
    set.add(100, 100);
    assertThatThrownBy(() -> set.add(150, 100)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> set.add(50, 51)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> set.remove(150, 100)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> set.remove(0, 10)).isInstanceOf(IllegalStateException.class);
    assertThat(set.totalBytes()).isEqualTo(100);
    assertThat(set.rangeCount()).isEqualTo(1);
  }

  @Test
  void findFitPrefersTheCursorThenTheSmallestFit() {
    ExtentSet set = new ExtentSet(true);
    set.add(0, 1000);
    set.add(2000, 50);
    set.add(3000, 200);
    assertThat(set.findFit(100, 500)).isEqualTo(500);
    assertThat(set.findFit(100, 1500)).isEqualTo(3000);
    assertThat(set.findFit(40, 1500)).isEqualTo(2000);
    assertThat(set.findFit(2000, 0)).isEqualTo(-1);
  }
}
