/**
 * The object layer's block volume: a {@link dev.kiln.engine.api.block.BlockVolume} over one
 * object-set tree, for iSCSI.
 *
 * <p>Layout: a header item {@code (0, HEADER, 0)} (magic "KVL1", format version, logical block
 * size, block count, record size) and the volume's bytes as object 1, in records of the dataset's
 * volblocksize at creation (never smaller than the logical block size), keyed {@code (1, EXTENT,
 * byteOffset)} exactly like file data in {@code dev.kiln.engine.fs}: never-written and unmapped
 * records are holes that read as zeros, a write smaller than a record is read-modify-write, and
 * unmapping frees whole records and zeroes partial ones (a record left all zeros becomes a hole).
 *
 * <p>Durability follows SCSI: a FUA write is appended to the dataset's intent log with its data
 * (the same self-contained record format as file systems, replayed by {@code IntentReplayer}) and
 * committed before returning; a write or unmap without FUA is not logged at all (its blocks are
 * already written copy-on-write and become durable with their txg, so data is never written twice
 * nor held in memory); flush (SYNCHRONIZE CACHE) makes everything before it durable, by committing
 * the txg ({@code ObjectSetContext.syncNow}) when unlogged changes of a txg not yet synced by an
 * earlier flush are pending, else by committing the log. {@code sync=always} logs and commits each
 * change, {@code sync=disabled} logs nothing. A logical block lies inside one record, so a crash
 * never mixes old and new data within a logical block.
 *
 * <p>Identity (guid, serial) is given by the dataset layer, which owns it. Read-only datasets and
 * snapshot views refuse every change with ReadOnlyFileSystemException.
 */
package dev.kiln.engine.volume;
