/**
 * The CLI against a running appliance: `kiln login` keeps a token with the appliance's pinned
 * certificate, and the storage commands talk to the REST API through {@link
 * dev.kiln.cli.remote.RemoteStorageEngine} when a daemon owns the pools or {@code --host} is given.
 */
package dev.kiln.cli.remote;
