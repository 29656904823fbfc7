/**
 * Copy-on-write B+tree: the structure of every dataset (object set). One tree per dataset, keyed by
 * {@link dev.kiln.engine.tree.TreeKey} (object id, item type, offset), holding small values:
 * inodes, directory entries, xattrs, ACLs, symlink targets and extent pointers. File data lives in
 * allocator extents, never in the tree (large values in a key-value tree cost write amplification).
 *
 * <h2>Keys and values</h2>
 *
 * Keys compare field by field, every field unsigned, so the whole 64-bit range of object ids and
 * offsets is usable and {@code TreeKey.MIN}/{@code MAX} bound everything. A value is at most a
 * quarter of a node's entry space ({@link dev.kiln.engine.tree.TreeOptions#maxValueBytes()}, 4074
 * bytes for the default 16 KiB nodes); larger items must be stored elsewhere by the layer above.
 *
 * <h2>Node layout (format version 1, see NodeCodec)</h2>
 *
 * A node is one block of the {@link dev.kiln.engine.block.BlockStore} (logical size bounded by the
 * node size, 16 KiB by default, compressed by the store): a 12-byte header (magic "KBTN", version,
 * type leaf/interior, level, reserved, count), then sorted entries. Leaf entry: key, unsigned
 * 16-bit length, value. Interior entry: key, child {@link dev.kiln.engine.block.BlockPointer}. In
 * an interior node key {@code i} is a lower bound of all keys under child {@code i} (not
 * necessarily the minimum, since deletes do not update separators) and every key under child {@code
 * i} is below key {@code i+1}. The parser rejects bad magic, unknown versions, wrong types and
 * levels, impossible counts, truncation, trailing bytes, out-of-order keys and invalid child
 * pointers with {@link dev.kiln.engine.tree.CorruptNodeException}; every length is checked against
 * the bytes present before anything is allocated.
 *
 * <h2>Merkle tree and birth txgs</h2>
 *
 * Child pointers carry the child's checksum, so verifying a node (the store does it on every read)
 * verifies its children's pointers: a corrupted block surfaces as {@link
 * dev.kiln.engine.block.ChecksumMismatchException}, never as wrong data. Because a changed node
 * forces its whole path to the root to be rewritten in the same txg, a child pointer's birth txg is
 * the newest birth txg anywhere in its subtree. Traversals use this to skip subtrees born before a
 * txg ({@code TreeSnapshot.visitBlocks}, {@code visitEntries}); the loader rejects a child born
 * after its parent as corruption.
 *
 * <h2>Copy-on-write rules</h2>
 *
 * <ul>
 *   <li>Committed nodes (read from or written to the store) are frozen in memory and never
 *       modified; they may be shared by the head, snapshots and the node cache.
 *   <li>A modification copies each committed node on its root-to-leaf path once per txg and records
 *       the replaced block pointer; later modifications in the same txg touch only the in-memory
 *       copies (many updates to one leaf cost one write at sync).
 *   <li>{@code sync(txg)} writes dirty nodes children first, so every written parent holds final
 *       child pointers, then returns the new root pointer. Without changes it writes nothing.
 *   <li>Inserts split a node above its capacity into two halves by bytes. Deletes merge a node that
 *       falls below a quarter full with a neighbour (or redistribute the pair evenly), and a root
 *       with one child is replaced by the child, so a tree emptied by deletes shrinks back to one
 *       (empty) leaf.
 * </ul>
 *
 * <h2>Free rules</h2>
 *
 * Exactly the blocks reachable from the previous committed root and not from the new one are handed
 * to the caller's {@link dev.kiln.engine.tree.BlockFreer} during {@code sync}, each once, with the
 * syncing txg. The tree never frees by itself: the dataset layer compares each block's birth txg
 * with its previous snapshot's txg and frees at once or moves it to the deadlist. Nodes created and
 * dropped within one txg were never written and need no freeing. {@code discardChanges()} drops the
 * working set; it releases only blocks that a failed {@code sync} had already written (never part
 * of any committed root).
 *
 * <h2>Memory</h2>
 *
 * Only dirty nodes (bounded by the txg's work) and a bounded LRU of parsed clean nodes are held: a
 * {@link dev.kiln.engine.tree.TreeNodeCache} shared by all trees of a pool, or a small private one
 * per tree ({@link dev.kiln.engine.tree.TreeOptions#cachedNodes()}); the block store has the main
 * (byte) cache. Clean nodes are never linked from dirty ones, so reading a large tree does not grow
 * memory. Cursors hold one root-to-leaf path; diff holds the pending siblings along two paths.
 *
 * <h2>Thread safety</h2>
 *
 * {@link dev.kiln.engine.tree.BPlusTree} (the head) is not thread-safe: the dataset serializes
 * every call to it, reads included, under its lock. {@link dev.kiln.engine.tree.TreeSnapshot} views
 * of committed roots may be read by many threads at once, concurrently with changes to the head,
 * provided the block store is thread-safe. A {@link dev.kiln.engine.tree.TreeCursor} is used by one
 * thread; on a head it re-seeks after modifications, resuming after the last key it returned.
 */
package dev.kiln.engine.tree;
