/**
 * Test support for the storage engine, in main scope so every module's tests can use it.
 *
 * <ul>
 *   <li>{@code memory}: in-memory reference implementations (the model).
 *   <li>{@code contract}: abstract JUnit 5 suites every FileSystem and BlockVolume must pass; a
 *       subclass supplies the instance.
 *   <li>{@code model}: seeded random operation sequences applied to a reference and a subject,
 *       comparing every outcome and, periodically, the whole tree.
 *   <li>{@code crash}: power-loss simulation (owned separately).
 * </ul>
 *
 * <p>Time is injected: contracts hand implementations a {@link dev.kiln.testkit.ManualClock} and
 * advance it explicitly, so timestamp rules are checked exactly and no test sleeps.
 */
package dev.kiln.testkit;
