/**
 * The pool: devices with self-describing labels, an uberblock ring, the block store, transaction
 * groups and scrub.
 *
 * <h2>Using it (the layer above)</h2>
 *
 * <pre>{@code
 * Pool pool = PoolCreator.named("tank").devices(List.of(FileDevice.create(path, size))).create();
 * // or: Pool pool = PoolImporter.on(devices).alertHook(hook).importPool("tank");
 * BlockStore store = pool.blockStore();
 * pool.setSyncHandler((txg, currentRoot) -> { ...write dirty blocks with txg...; return newRoot; });
 * long txg = pool.openTxg();                 // writes and frees of this txg
 * BlockPointer bp = store.write(buf, Compression.LZ4, txg);
 * pool.sync();                               // commit (daemon: timer or dirtyBytes() threshold)
 * pool.metaRoot();                           // the committed root
 * pool.close();                              // export: final sync, close devices
 * }</pre>
 *
 * <h2>Labels</h2>
 *
 * Four per device (offsets in {@link dev.kiln.engine.vdev.DeviceGeometry}); the configuration area
 * is written once, at creation, identically into all four, so any one valid copy describes the
 * pool. Encoding, big-endian:
 *
 * <pre>
 *   magic u64 "KILNLABL" | format version u32 | body length u32 | body | checksum u64
 *   (checksum = CRC32C_CRC32 over magic..end of body; zero padding to 128 KiB)
 *   body: pool guid u64 | device guid u64 | vdev index u32 | ashift u32 | create txg u64
 *         | pool name (u16 length + UTF-8)
 *         | vdev count u32 | vdev count x { guid u64 | asize u64 }
 *         | required features (u16 count, each u16 length + UTF-8)
 *         | write features (same)
 * </pre>
 *
 * <h2>Versions and feature flags</h2>
 *
 * The format version is 1 ({@link dev.kiln.engine.pool.FeatureFlags#FORMAT_VERSION}); a newer
 * version is refused. Features are namespaced names. <em>Required</em> features change how data is
 * read: an unknown one refuses the import with {@link
 * dev.kiln.engine.pool.UnsupportedFeatureException} naming it. <em>Write</em> features only change
 * how data is written: an unknown one allows a read-only import. Pools are created with {@code
 * dev.kiln:space_map_log}, {@code dev.kiln:lz4_compress} and {@code dev.kiln:zstd_compress}.
 *
 * <h2>Uberblocks</h2>
 *
 * Txg {@code t} goes to slot {@code t mod slots} of the ring in every label of every device. A slot
 * (zero-padded to its size):
 *
 * <pre>
 *   0   magic u64 "KILNUBER"      8  version u32     12 flags u32 (1: space map head, 2: meta root)
 *   16  pool guid u64             24 txg u64        32 timestamp u64 (epoch ms, injected Clock)
 *   40  guid sum u64 (sum of device guids)
 *   48  space map head BlockPointer (38 bytes)      86 meta root BlockPointer (38 bytes)
 *   248 checksum u64 = CRC32C_CRC32 of bytes 0..247
 * </pre>
 *
 * Import reads every slot of every label of every device, keeps those with a valid checksum, this
 * pool's guid and guid sum and a known version, and takes the newest txg whose space maps load; if
 * they do not, the next older one (a rewind: only one txg back is guaranteed intact, see the
 * deferred-free rule in {@code space}). After a writable rewind the skipped newer uberblocks are
 * erased from every ring, so a stale copy can never outrank the txgs that reuse their numbers.
 *
 * <h2>Transaction groups</h2>
 *
 * Writes and frees name their txg; only the open txg (and, while the sync handler runs, the syncing
 * one) accepts them. {@link dev.kiln.engine.pool.Pool#sync()}: open txg N becomes syncing and N+1
 * opens; the handler writes N's dirty state and returns the meta root; N's space map records are
 * appended; all devices are flushed; the uberblock of N is written to all labels; all devices are
 * flushed again. A power loss at any point leaves the uberblock of N-1 (another slot) and
 * everything it reaches intact: blocks are never overwritten in place and freed space is not reused
 * until later. Recovery is simply "newest valid uberblock"; what was written after it is free
 * space. Any failure during a sync suspends the pool (every later call fails) because memory no
 * longer matches a committed state; re-import recovers.
 *
 * <h2>Reads and errors</h2>
 *
 * Every device read is verified: pointer sanity, checksum of the stored bytes, exact decompressed
 * size. A mismatch throws {@link dev.kiln.engine.block.ChecksumMismatchException}, counts against
 * the device ({@link dev.kiln.engine.pool.DeviceErrorCounts}) and raises a {@link
 * dev.kiln.engine.pool.PoolAlert} through the {@link dev.kiln.engine.pool.PoolAlertHook}. Wrong
 * data is never returned.
 *
 * <p>The read path avoids copies and garbage: a device read lands in a pooled direct buffer ({@code
 * ScratchBuffers}; a heap buffer would make the JDK copy through a temporary direct one) and is
 * verified there. {@link dev.kiln.engine.block.BlockStore#readInto} takes a whole record: an
 * uncompressed block is read straight into the caller's buffer and verified in place, a compressed
 * one is decompressed from the scratch buffer into it (the native LZ4/ZSTD decompressors take
 * direct buffers), and on failure the caller's bytes are zeroed, so nothing unverified remains.
 * Such reads are not cached: they are a scan's, which the cache's scan resistance would throw away
 * anyway after paying an array and a copy per block. {@link
 * dev.kiln.engine.block.BlockStore#readAllInto} fetches blocks that lie back to back on a device (a
 * file or volume written in order) with one device read of up to 1 MiB, verifies each block on its
 * own, and reads up to 8 MiB ahead into the OS page cache in the background (a hint; nothing read
 * ahead is used without the normal verified read). Writes encoded ahead borrow the writer's bytes
 * ({@link dev.kiln.engine.block.EncodedBlock#encode}) instead of copying them; only blocks whose
 * bytes the store owns (tree nodes, read-modify-written records) are cached when written.
 *
 * <p>Scrub re-reads blocks bypassing the cache: the pool's own space map blocks, the blocks the
 * layer above names (a list, or a root plus a {@link dev.kiln.engine.pool.ScrubTraversal}), every
 * label and every copy of the newest uberblock.
 *
 * <h2>Not (yet) here</h2>
 *
 * No redundancy (mirrors, self-healing from a good copy), no automatic sync timer (the daemon
 * drives {@link dev.kiln.engine.pool.Pool#sync()}), no pool-level exported/active state or host id
 * in the labels, no device addition after creation.
 */
package dev.kiln.engine.pool;
