/**
 * The intent log (ZIL): per-dataset chains of log blocks that make acknowledged changes durable
 * before their transaction group is synced.
 *
 * <h2>Chain</h2>
 *
 * A chain starts at a block reserved during a txg sync; the dataset record written by that sync
 * holds the chain's header ({@link dev.kiln.engine.zil.LogHeader}: chain id and first block). Each
 * log block carries the chain id, the dataset guid, its position in the chain, the records (each
 * with its sequence number and the txg of its change), the pointer of the next block (reserved
 * before this one is written) and a checksum of all of it. Reading after a crash follows the chain
 * from the header and stops at the first block that is unwritten, torn, stale (another chain id) or
 * out of sequence: exactly the blocks whose flush completed are found, because a block is only
 * acknowledged after its flush and the next block is written only after that.
 *
 * <p>Blocks are 8-128 KiB. Each block's successor is reserved before the block is written, so its
 * size is a guess from the block before (as ZFS sizes log write blocks): twice what that one used,
 * or the largest when it could not take everything queued. Reservations come from the device's log
 * region first (see {@code dev.kiln.engine.space}).
 *
 * <h2>Group commit</h2>
 *
 * Appends only queue records. {@code commit(seq)} makes one caller the leader: it writes every
 * queued record (several committers' records in one block) and issues one device flush; the others
 * park in a queue. When the leader is done it wakes exactly the committers its write (or a txg
 * sync) made durable and hands leadership to the oldest one still waiting, so flushes are never
 * concurrent and never idle, and no wake-up is wasted on a thread that would only wait again (a
 * notifyAll made every waiter contend for the monitor after each flush).
 *
 * <h2>Truncation</h2>
 *
 * When txg T syncs, the dataset layer {@linkplain dev.kiln.engine.zil.ZilWriter#cut cuts} the log:
 * all records so far belong to txgs up to T, so once T is committed they are durable without the
 * log. A used chain is replaced by a fresh one (its header goes into T's dataset record); the old
 * chain's blocks are freed one txg later, when no committed header can reach them any more (freeing
 * them in T itself would let T's own writes reuse them while the previous header still names them).
 *
 * <h2>Recovery</h2>
 *
 * A log block is written raw into a reservation (an allocated, unwritten pool extent), so the
 * allocator accounts for it while the pool runs; an unused reservation holds old bytes, which
 * recovery rejects like a torn block. After a crash, reservations made in unsynced txgs are free in
 * the restored allocator: the dataset layer reads every chain before anything is written, claims
 * the written part of each block found ({@code Pool.claim}, verified against a checksum of those
 * bytes), replays, syncs, and frees the claimed blocks one txg later.
 */
package dev.kiln.engine.zil;
