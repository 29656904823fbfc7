package dev.kiln.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.testkit.crash.MemoryDevice;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyncTimerTest {

  @Test
  void syncsWhenTheIntervalPassesOrDirtyBytesReachTheThreshold() throws Exception {
    DatasetPool dp = Fixture.create(new MemoryDevice("d0", Fixture.DEVICE_SIZE), 40);
    dp.createDataset("tank/fs", DatasetType.FILESYSTEM, PropertyMap.empty());
    SyncTimer timer = SyncTimer.manual(dp, Duration.ofSeconds(5), 1_000_000);
    long txg = dp.pool().lastSyncedTxg();
    assertThat(timer.tick()).isFalse();
    Fixture.CLOCK.advance(Duration.ofSeconds(5));
    assertThat(timer.tick()).isTrue();
    assertThat(dp.pool().lastSyncedTxg()).isEqualTo(txg + 1);
    assertThat(timer.tick()).isFalse();
    Random r = new Random(40);
    for (int i = 0; i < 40; i++) {
      Fixture.writeFile(dp.head("tank/fs"), i, Fixture.data(r, 60_000));
    }
    assertThat(dp.pool().dirtyBytes()).isGreaterThanOrEqualTo(1_000_000);
    assertThat(timer.tick()).isTrue();
    assertThat(dp.pool().lastSyncedTxg()).isEqualTo(txg + 2);
    timer.close();
    dp.close();
  }
}
