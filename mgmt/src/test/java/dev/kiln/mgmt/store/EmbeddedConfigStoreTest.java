package dev.kiln.mgmt.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedConfigStoreTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String s(KeyValue kv) {
    return new String(kv.value(), UTF_8);
  }

  @Test
  void putGetListDeleteWithRevisions() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      assertThat(store.revision()).isZero();
      assertThat(store.put("/users/alice", b("a1"))).isEqualTo(1);
      assertThat(store.put("/users/bob", b("b1"))).isEqualTo(2);
      assertThat(store.put("/users/alice", b("a2"))).isEqualTo(3);
      store.put("/groups/staff", b("g"));
      KeyValue alice = store.get("/users/alice").orElseThrow();
      assertThat(s(alice)).isEqualTo("a2");
      assertThat(alice.createRevision()).isEqualTo(1);
      assertThat(alice.modRevision()).isEqualTo(3);
      assertThat(alice.version()).isEqualTo(2);
      assertThat(store.list("/users/"))
          .extracting(KeyValue::key)
          .containsExactly("/users/alice", "/users/bob");
      store.delete("/users/bob");
      assertThat(store.get("/users/bob")).isEmpty();
      assertThat(store.list("/users/")).hasSize(1);
    }
  }

  @Test
  void compareAndSwapRefusesStaleWritersAtomically() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      long rev = store.put("/settings", b("v1"));
      assertThat(store.commit(Txn.builder().ifAbsent("/settings").put("/x", b("x")).build()))
          .isEmpty();
      assertThat(store.get("/x")).isEmpty();
      assertThat(
              store.commit(
                  Txn.builder()
                      .ifModRevision("/settings", rev)
                      .put("/settings", b("v2"))
                      .put("/audit/1", b("changed"))
                      .build()))
          .contains(rev + 1);
      // A second writer that read v1 loses.
      assertThat(
              store.commit(
                  Txn.builder().ifModRevision("/settings", rev).put("/settings", b("v3")).build()))
          .isEmpty();
      assertThat(s(store.get("/settings").orElseThrow())).isEqualTo("v2");
      assertThat(store.get("/audit/1")).isPresent();
    }
  }

  @Test
  void watchersSeeEveryCommittedChange() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      List<ChangeEvent> seen = new ArrayList<>();
      AutoCloseable handle = store.watch(seen::add);
      store.put("/a", b("1"));
      store.commit(Txn.builder().delete("/a").put("/b", b("2")).build());
      handle.close();
      store.put("/c", b("3"));
      assertThat(seen).extracting(ChangeEvent::key).containsExactly("/a", "/a", "/b");
      assertThat(seen.get(1).deleted()).isTrue();
      assertThat(seen.get(2).revision()).isEqualTo(2);
    }
  }

  @Test
  void survivesReopenAndCompaction() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      for (int i = 0; i < 100; i++) {
        store.put("/k/" + (i % 10), b("v" + i));
      }
      store.compact();
      store.put("/after", b("compaction"));
    }
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      assertThat(store.revision()).isEqualTo(101);
      assertThat(s(store.get("/k/3").orElseThrow())).isEqualTo("v93");
      assertThat(store.get("/k/3").orElseThrow().version()).isEqualTo(10);
      assertThat(s(store.get("/after").orElseThrow())).isEqualTo("compaction");
    }
  }

  @Test
  void aTornTailLosesOnlyTheUnfinishedCommit() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      store.put("/a", b("1"));
      store.put("/b", b("2"));
    }
    Path log = dir.resolve("store.log");
    byte[] full = Files.readAllBytes(log);
    int firstRecordEnd = ByteBuffer.wrap(full).getInt(0) + 8;
    for (int cut = firstRecordEnd; cut < full.length; cut++) {
      Files.write(log, java.util.Arrays.copyOf(full, cut));
      try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
        assertThat(store.revision()).as("cut at %d", cut).isEqualTo(1);
        assertThat(store.get("/b")).isEmpty();
        // The store keeps working after recovery.
        store.put("/c", b("3"));
      }
      try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
        assertThat(store.get("/c")).isPresent();
        assertThat(store.revision()).isEqualTo(2);
      }
    }
  }

  @Test
  void aCorruptedRecordIsCutNotServed() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      store.put("/a", b("1"));
      store.put("/b", b("secret"));
    }
    Path log = dir.resolve("store.log");
    byte[] bytes = Files.readAllBytes(log);
    bytes[bytes.length - 2] ^= 0x40;
    Files.write(log, bytes);
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      assertThat(store.get("/b")).isEmpty();
      assertThat(store.get("/a")).isPresent();
    }
  }

  @Test
  void aDamagedSnapshotIsAClearError() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      store.put("/a", b("1"));
      store.compact();
    }
    byte[] snap = Files.readAllBytes(dir.resolve("store.snap"));
    snap[10] ^= 1;
    Files.write(dir.resolve("store.snap"), snap);
    assertThatThrownBy(() -> EmbeddedConfigStore.open(dir))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void badKeysAndValuesAreRefused() throws Exception {
    try (EmbeddedConfigStore store = EmbeddedConfigStore.open(dir)) {
      assertThatThrownBy(() -> store.put("", b("x"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.put("a\0b", b("x")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.put("k".repeat(5000), b("x")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.put("/big", new byte[(1 << 20) + 1]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.revision()).isZero();
    }
  }

  @Test
  void decodersRejectRandomAndTruncatedInput() {
    Random r = new Random(42);
    ByteBuffer good =
        StoreCodec.encodeRecord(
            7, List.of(new Txn.Put("/key", b("value")), new Txn.Delete("/old")));
    byte[] record = new byte[good.remaining()];
    good.get(record);
    for (int len = 0; len < record.length; len++) {
      ByteBuffer truncated = ByteBuffer.wrap(java.util.Arrays.copyOf(record, len));
      assertThatThrownBy(() -> StoreCodec.decodeRecord(truncated))
          .isInstanceOf(CorruptStoreException.class);
    }
    for (int i = 0; i < 5000; i++) {
      byte[] junk = new byte[r.nextInt(64)];
      r.nextBytes(junk);
      assertThatThrownBy(() -> StoreCodec.decodeRecord(ByteBuffer.wrap(junk)))
          .isInstanceOf(CorruptStoreException.class);
      assertThatThrownBy(() -> StoreCodec.decodeSnapshot(ByteBuffer.wrap(junk)))
          .isInstanceOf(CorruptStoreException.class);
    }
    // Oversized length fields are refused before any allocation.
    ByteBuffer huge = ByteBuffer.allocate(16).putInt(Integer.MAX_VALUE).putInt(0).flip();
    assertThatThrownBy(() -> StoreCodec.decodeRecord(huge))
        .isInstanceOf(CorruptStoreException.class);
  }
}
