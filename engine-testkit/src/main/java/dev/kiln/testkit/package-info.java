/** Kiln engine-testkit. */
package dev.kiln.testkit;
