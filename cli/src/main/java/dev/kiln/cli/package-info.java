/**
 * The {@code kiln} command line (picocli). Local commands work on the data directory; commands
 * against the management API arrive with it. Exit codes: 0 ok, 1 error, 2 usage.
 */
package dev.kiln.cli;
