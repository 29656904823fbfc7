/**
 * Block layer: immutable, checksummed, optionally compressed blocks addressed by {@link
 * dev.kiln.engine.block.BlockPointer}. Everything above (trees, object sets, datasets) is built
 * from these; everything below (allocation, devices, transaction groups) is hidden behind {@link
 * dev.kiln.engine.block.BlockStore}.
 *
 * <p>Write pipeline: compress ({@link dev.kiln.engine.block.CompressionCodec}: LZ4 (native
 * compressor when available, lz4-java's safe pure-Java decompressor always), ZSTD level 3 through
 * zstd-jni; kept only when it saves at least 12.5 %, else stored with compression OFF), then
 * checksum the stored bytes ({@link dev.kiln.engine.block.BlockChecksum}: CRC-32C in the high 32
 * bits, CRC-32 in the low 32). The checksum covers exactly {@code physicalSize} stored bytes; the
 * sector padding after them is not covered and never read as data. Decompression must produce
 * exactly {@code logicalSize} bytes or the read fails.
 */
package dev.kiln.engine.block;
