/**
 * Contract suites: abstract JUnit 5 classes that state, as executable tests, what every
 * implementation of the engine API must do. A test class extends a contract and supplies instances
 * through its factory methods; the in-memory reference and the real engine both run the same
 * suites.
 *
 * <p>Optional features are checked only when announced in {@code FileSystem.features()}; tests that
 * need a special instance (quota, tiny capacity) are skipped when the factory returns empty.
 * Timestamps are checked exactly against a {@link dev.kiln.testkit.ManualClock}, never by sleeping.
 */
package dev.kiln.testkit.contract;
