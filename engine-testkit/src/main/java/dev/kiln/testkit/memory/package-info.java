/**
 * In-memory reference implementations of the engine API: {@link
 * dev.kiln.testkit.memory.MemoryFileSystem} and {@link dev.kiln.testkit.memory.MemoryBlockVolume}.
 *
 * <p>They are the executable specification: simple enough to be obviously right (one lock, plain
 * maps, pages of 4 KiB for sparse files), complete enough that the contract suites and the
 * model-based comparison can hold the real engine to them. Space is accounted in whole pages, so
 * allocated size and NoSpace/QuotaExceeded behave like a block file system. Snapshots are deep
 * copies (fine for a model, wrong for an engine).
 *
 * <p>Invariants: an operation that throws has changed nothing (all checks precede all changes);
 * bytes past a file's size inside an allocated page are always zero; inode numbers are reused
 * newest-freed-first with a fresh generation, so stale handles are detected by generation.
 */
package dev.kiln.testkit.memory;
