package dev.kiln.nfs.nlm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status monitor's persistent state (the NSM protocol of the Open Group XNFS, chapter 11): the
 * state number, odd while the server is up and raised by two at every start, and the clients that
 * hold locks, so they can be told to reclaim after a restart. Written to a temporary file, synced
 * and renamed, so a crash leaves the old or the new state, never a torn one.
 */
public final class NsmState {

  private final Path file;
  private int state;
  private final Map<String, String> monitored = new LinkedHashMap<>();

  private NsmState(Path file) {
    this.file = file;
  }

  /** Loads the state in {@code dir} (or starts at 1) and records a restart. */
  public static NsmState openAndRestart(Path dir) throws IOException {
    Files.createDirectories(dir);
    NsmState s = new NsmState(dir.resolve("nsm.state"));
    if (Files.exists(s.file)) {
      List<String> lines = Files.readAllLines(s.file, StandardCharsets.UTF_8);
      if (!lines.isEmpty()) {
        try {
          s.state = Integer.parseInt(lines.getFirst().trim());
        } catch (NumberFormatException e) {
          throw new IOException("damaged NSM state in " + s.file + ": " + lines.getFirst(), e);
        }
        for (String line : lines.subList(1, lines.size())) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            s.monitored.put(line.substring(0, tab), line.substring(tab + 1));
          }
        }
      }
    }
    s.state = (s.state | 1) + 2;
    s.save();
    return s;
  }

  /** The current state number (odd: up). */
  public synchronized int state() {
    return state;
  }

  /** Clients to notify after a restart: caller name to address. */
  public synchronized Map<String, String> monitored() {
    return Map.copyOf(monitored);
  }

  /** Records that {@code host} (at {@code address}) holds locks; persisted before returning. */
  public synchronized void monitor(String host, String address) throws IOException {
    if (!address.equals(monitored.get(host))) {
      monitored.put(host, address);
      save();
    }
  }

  /** Forgets a client. */
  public synchronized void unmonitor(String host) throws IOException {
    if (monitored.remove(host) != null) {
      save();
    }
  }

  /** A simulated crash (SM_SIMU_CRASH): the state moves on. */
  public synchronized void simulateCrash() throws IOException {
    state += 2;
    save();
  }

  private void save() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(Integer.toString(state));
    monitored.forEach((h, a) -> lines.add(h + "\t" + a));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
