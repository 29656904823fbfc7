/**
 * Space allocation: which bytes of which device are free, in memory and on disk.
 *
 * <h2>In memory</h2>
 *
 * Each device's allocatable region is cut into slabs (a power of two between 1 MiB and 256 MiB,
 * about 64 per device). A slab keeps its free space as an {@link dev.kiln.engine.space.ExtentSet}
 * (a {@code TreeMap} of disjoint ranges plus a by-size index) and an allocation cursor: allocation
 * takes the range at the cursor when it fits (sequential writes stay contiguous), else the smallest
 * range that fits. A run of blocks (the whole records of one large write) is allocated as one range
 * when one is free and cut into one recorded allocation per block, so that the block store can
 * write them with one device write and each can still be freed on its own; else block by block, all
 * or nothing. The {@link dev.kiln.engine.space.SpaceAllocator} picks devices round-robin and keeps
 * 1/32 of the capacity (at least 256 KiB) back from user allocations so the space maps can always
 * be written and a full pool can still commit frees.
 *
 * <p>The first slab of each device is its <em>log region</em>: intent-log blocks are allocated
 * there while it has room, and every other block goes there only when no other slab has room. Log
 * blocks live a txg or two, so the log keeps cycling through the same bytes, which a pool creator
 * backs with written blocks on a sparse file (a durable write into a file's hole must also make the
 * file system's allocation durable). A policy, not a format: the space map does not know it.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>A byte is in at most one of: a free map, a live allocation, a deferred-free list.
 *   <li>A block freed in txg N (born before N) becomes allocatable only after txg N+1 is synced.
 *       The state committed at N-1 references it until N is durable, and one extra txg keeps the
 *       state of N intact for an import that must fall back one uberblock. A block born and freed
 *       in the same txg was never committed: it is reusable at once and leaves no record.
 *   <li>Double frees and overlapping allocations are refused ({@link
 *       java.lang.IllegalStateException}); inconsistent on-disk records are a {@link
 *       dev.kiln.engine.block.CorruptMetadataException} at import, never silently merged.
 * </ul>
 *
 * <h2>On disk: the space map log</h2>
 *
 * User allocations and frees (blocks written through the block store) are recorded per txg. Blocks
 * of the space map itself are not recorded; at import they are marked allocated because the
 * uberblock reaches them, which avoids a space map describing its own allocations. At each sync the
 * txg's records are appended as new <em>log blocks</em> and a new <em>head</em> is written; the
 * uberblock points at the head. All integers big-endian; both block kinds are ordinary checksummed
 * (LZ4-compressed) blocks.
 *
 * <pre>
 *   head:       magic u64 "KILNSPMH" | version u32 = 1 | block count u32 | record count u64
 *               | block count x BlockPointer (38 bytes each), in replay order
 *   log block:  magic u64 "KILNSPML" | version u32 = 1 | record count u32 (at most 4096) | txg u64
 *               | record count x { vdev u32 | flags u32 (bit 0: FREE, else ALLOC)
 *                                  | offset u64 | length u64 }
 * </pre>
 *
 * Replaying all records in order over an empty map gives the user-allocated state. When the log
 * holds 64 blocks, or more than twice the records a fresh map needs (plus 1024), it is
 * <em>condensed</em>: the current allocated ranges are written as ALLOC records into new log blocks
 * and the old ones are freed (deferred like any other free).
 */
package dev.kiln.engine.space;
