package dev.kiln.daemon.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pools this appliance imports at start and their devices ({@code pools.json}, like
 * zpool.cache). Only a hint for finding devices: the pools describe themselves in their labels, so
 * a lost cache file is repaired by {@code kiln pool import}.
 */
public final class PoolCache {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Map<String, List<String>> pools;

  private PoolCache(Path file, Map<String, List<String>> pools) {
    this.file = file;
    this.pools = pools;
  }

  /** Reads the cache of a data directory (empty when there is none). */
  public static PoolCache load(Path dataDir) throws IOException {
    Path file = dataDir.resolve("pools.json");
    if (!Files.exists(file)) {
      return new PoolCache(file, new LinkedHashMap<>());
    }
    try {
      return new PoolCache(
          file, new LinkedHashMap<>(JSON.readValue(file.toFile(), new TypeReference<>() {})));
    } catch (IOException e) {
      throw new IOException(
          file
              + " is damaged ("
              + e.getMessage()
              + "); move it away and run"
              + " `kiln pool import`",
          e);
    }
  }

  /** Pool names with their device paths. */
  public Map<String, List<Path>> pools() {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    pools.forEach((k, v) -> out.put(k, v.stream().map(Path::of).toList()));
    return out;
  }

  /** Remembers a pool and saves. */
  public void put(String pool, List<Path> devices) throws IOException {
    List<String> paths = new ArrayList<>();
    devices.forEach(d -> paths.add(d.toAbsolutePath().normalize().toString()));
    pools.put(pool, paths);
    save();
  }

  /** Forgets a pool and saves. */
  public void remove(String pool) throws IOException {
    pools.remove(pool);
    save();
  }

  private void save() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), pools);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
