/**
 * Kiln's shared vocabulary: the service/port registry ({@code net}), lifecycle types ({@code
 * lifecycle}) and build information. Depends on nothing but the JDK and SLF4J.
 */
package dev.kiln.common;
