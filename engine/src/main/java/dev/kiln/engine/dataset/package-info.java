/**
 * The dataset layer: the dataset directory, transaction groups, snapshots, clones, deadlists,
 * properties and space accounting, on top of the pool and the copy-on-write B+tree.
 *
 * <h2>Dataset directory</h2>
 *
 * The pool's meta object is a B+tree ({@code DirectoryCodec}) rooted in the uberblock through the
 * pool's {@code SyncHandler}. It holds a header (format version, next id), one record per dataset
 * (name, guid, type, head root, creation, origin, local properties, deadlist root, accounting,
 * intent log header) and one per snapshot (name, guid, txg, root, creation, holds, deadlist root,
 * referenced), plus blocks to free in the next txg. Only changed records are rewritten.
 *
 * <h2>Transaction groups</h2>
 *
 * {@link dev.kiln.engine.dataset.DatasetPool#sync()} takes the administrative lock, then every
 * dataset's lock (so no change is half-applied), and runs the pool's txg commit; inside it the
 * handler syncs every head tree, runs queued administrative tasks (create, snapshot, destroy,
 * rollback, clone, rename, properties, holds), cuts intent logs and writes deadlists and the
 * directory; the dataset locks are released as soon as the handler returns, before the pool's
 * flushes, so writers continue in the next txg. Every administrative change is such a task and
 * returns after its txg is committed. {@link dev.kiln.engine.dataset.SyncTimer} syncs every 5 s or
 * at a dirty-bytes threshold.
 *
 * <h2>Freeing by birth txg</h2>
 *
 * A block the head stops referencing is freed at once if born after the newest snapshot; else, for
 * a clone, uncharged if born at or before the origin (the origin owns it); else put on the head's
 * deadlist. A snapshot takes over the head's deadlist, and the head starts an empty one. So a
 * snapshot's deadlist holds exactly the blocks its predecessor references and it does not.
 * Destroying snapshot S (previous P, next N): entries of N's deadlist born in (P.txg, S.txg] were
 * only in S and are freed; S's deadlist moves to N's. No live tree is walked. Destroying a head or
 * rolling back walks only blocks born after the newest snapshot ({@code visitBlocks(minBirth)}),
 * using the {@link dev.kiln.engine.dataset.ObjectLayout} to find data blocks in entries. Snapshot
 * creation records the head's root committed in the same txg: O(1) apart from the txg it waits for.
 *
 * <h2>Accounting</h2>
 *
 * Per head: referenced (every block it references), unique (born after the newest snapshot: what
 * destroying the head frees) and, for clones, the origin's blocks it dropped. Per deadlist: its
 * total. usedbysnapshots = the sum of the head's and its snapshots' deadlists; used = unique +
 * usedbysnapshots + children (a child counts at least its reservation). When the newest snapshot
 * goes, unique is recomputed without a walk: referenced − (P.referenced − head deadlist). Counts
 * are allocated (sector-rounded), physical and logical bytes; compressratio = logical / physical of
 * referenced. quota and refquota are checked on every object-layer write (the sync's own metadata
 * writes are exempt).
 *
 * <h2>Locks</h2>
 *
 * Administrative lock, then dataset locks in id order, then a log's monitor. The object layer holds
 * a dataset's lock for every tree access and every block write or free (that fixes the txg), and
 * calls {@code IntentLog.commit} without it.
 */
package dev.kiln.engine.dataset;
