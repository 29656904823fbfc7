/**
 * Service lifecycle types shared by every module: a {@link
 * dev.kiln.common.lifecycle.ManagedService} declares its dependencies and reports its {@link
 * dev.kiln.common.lifecycle.Health}; the daemon owns the ordering.
 */
package dev.kiln.common.lifecycle;
