/**
 * Power-loss simulation for crash-safety tests.
 *
 * <p>{@link dev.kiln.testkit.crash.CrashInjectingDevice} models the {@link
 * dev.kiln.engine.api.io.StorageDevice} contract and nothing kinder: writes are visible at once but
 * volatile until a flush. {@link dev.kiln.testkit.crash.CrashInjectingDevice#crash} yields the
 * image after a power loss: flushed writes always survive; each unflushed write is independently
 * kept, dropped, or torn (only a prefix of whole 512-byte sectors kept), applied in issue order so
 * a kept later write wins over an earlier one. {@link dev.kiln.testkit.crash.PowerSupply} is shared
 * by the devices of one simulated machine and cuts power at a chosen device operation, so a test
 * can crash inside any step of a commit. {@link dev.kiln.testkit.crash.MemoryDevice} is a plain
 * always-durable memory device for reopening crashed images and for corruption tests.
 */
package dev.kiln.testkit.crash;
