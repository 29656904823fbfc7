/**
 * The daemon's lifecycle: dependency-ordered start, reverse-ordered bounded stop, health.
 *
 * <p>Invariant: at any time the started services form a prefix of the start order, so stopping in
 * reverse never stops a service before something that still depends on it.
 */
package dev.kiln.daemon.lifecycle;
