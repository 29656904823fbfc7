/** Kiln common. */
package dev.kiln.common;
