/**
 * Files a running daemon shares with local tools: the data-directory lock and the runtime state
 * (bound ports, health). Local tools only read; the daemon alone writes.
 */
package dev.kiln.cli.state;
