package dev.kiln.ssh;

import java.nio.file.Path;

/**
 * Where the SSH service listens and keeps its keys.
 *
 * @param address the address to bind
 * @param port the TCP port (0 picks a free one, for tests)
 * @param hostKeyDir where the host keys live (created 0600 at first start)
 */
public record SshSettings(String address, int port, Path hostKeyDir) {}
