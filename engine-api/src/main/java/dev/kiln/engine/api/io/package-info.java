/**
 * Raw devices a pool lives on ({@link dev.kiln.engine.api.io.StorageDevice}): files or block
 * devices, with writes volatile until flush. The crash-safety argument of the engine rests on this
 * contract, and the testkit's crash injector simulates it.
 */
package dev.kiln.engine.api.io;
