/**
 * Model-based randomized testing: {@link dev.kiln.testkit.model.RandomFileSystemOperations}
 * produces seeded sequences of path-based {@link dev.kiln.testkit.model.FsOperation}s and {@link
 * dev.kiln.testkit.model.ModelComparison} applies each to a reference and a subject, requiring the
 * same normalized result or the same status exception, and periodically the same {@link
 * dev.kiln.testkit.model.TreeSnapshot}.
 *
 * <p>Operations are path-based and results omit inode numbers and timestamps, because those
 * legitimately differ between implementations; everything else a client can observe (types, sizes,
 * contents, modes, link counts, xattrs, error statuses) must match. This is why the engine must
 * follow the error precedence documented on FileSystem. Reproduce a failure with {@code
 * -Dkiln.random.seed=<seed from the message>}; run longer with {@code -Dkiln.random.iterations=N}.
 */
package dev.kiln.testkit.model;
