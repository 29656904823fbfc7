/**
 * Block volumes for iSCSI: {@link dev.kiln.engine.api.block.BlockVolume}.
 *
 * <p>A volume is a dataset of type VOLUME; its block size is the volume's logical block size (512
 * or 4096), independent of the dataset's volblocksize (the engine's allocation unit). The
 * durability model matches SCSI: a completed write is volatile until flush, unless FUA was set; a
 * crash may lose unflushed writes but never returns blocks that mix old and new data within one
 * logical block. Identity (guid, serial) survives rename and restart so initiators keep multipath
 * identity.
 */
package dev.kiln.engine.api.block;
