/** Kiln engine. */
package dev.kiln.engine;
