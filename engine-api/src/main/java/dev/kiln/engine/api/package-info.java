/** Kiln engine-api. */
package dev.kiln.engine.api;
