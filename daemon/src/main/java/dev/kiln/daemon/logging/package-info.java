/** Daemon logging: console lines and a rotating JSON file. */
package dev.kiln.daemon.logging;
