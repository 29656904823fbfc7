/** Kiln daemon. */
package dev.kiln.daemon;
