package dev.kiln.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.error.NotSupportedException;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetProperty;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.DeviceStatus;
import dev.kiln.engine.api.manage.DiffEntry;
import dev.kiln.engine.api.manage.DiffKind;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.PoolCapacity;
import dev.kiln.engine.api.manage.PoolHealth;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.PropertySource;
import dev.kiln.engine.api.manage.PropertyValue;
import dev.kiln.engine.api.manage.ScrubState;
import dev.kiln.engine.api.manage.ScrubStatus;
import dev.kiln.engine.api.manage.Snapshot;
import dev.kiln.engine.api.manage.SpaceUsage;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.engine.api.manage.VdevSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link StorageEngine} of a running appliance, over its REST API: the storage commands work
 * the same against a local data directory and a daemon ({@code --host}, or the local daemon). Pool
 * creation, import and export stay local operations.
 */
public final class RemoteStorageEngine implements StorageEngine {

  private final ApiClient api;

  /** An engine proxy over {@code api}. */
  public RemoteStorageEngine(ApiClient api) {
    this.api = api;
  }

  private static NotSupportedException localOnly(String what) {
    return new NotSupportedException(
        what + " is a local operation: stop the daemon and run it on the appliance");
  }

  @Override
  public Pool createPool(String name, List<VdevSpec> vdevs, PropertyMap rootProperties)
      throws IOException {
    throw localOnly("pool create");
  }

  @Override
  public Pool importPool(String nameOrGuid, List<Path> devices) throws IOException {
    throw localOnly("pool import");
  }

  @Override
  public void exportPool(String name) throws IOException {
    throw localOnly("pool export");
  }

  @Override
  public List<Pool> pools() throws IOException {
    List<Pool> out = new ArrayList<>();
    for (JsonNode p : api.call("GET", "/api/v1/pools", null)) {
      out.add(new RemotePool(p));
    }
    return out;
  }

  @Override
  public Pool pool(String name) throws IOException {
    return new RemotePool(api.call("GET", "/api/v1/pools/" + ApiClient.segment(name), null));
  }

  @Override
  public Dataset createDataset(String name, DatasetType type, PropertyMap properties)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("type", type.name().toLowerCase(Locale.ROOT));
    body.put("properties", text(properties));
    api.call("POST", "/api/v1/datasets", body);
    return dataset(name);
  }

  @Override
  public Dataset dataset(String name) throws IOException {
    return new RemoteDataset(api.call("GET", "/api/v1/datasets/" + ApiClient.segment(name), null));
  }

  @Override
  public List<Dataset> datasets(String root, boolean recursive) throws IOException {
    List<Dataset> out = new ArrayList<>();
    for (JsonNode d : api.call("GET", "/api/v1/datasets?root=" + ApiClient.segment(root), null)) {
      String name = d.get("name").asText();
      if (recursive || name.equals(root)) {
        out.add(new RemoteDataset(d));
      }
    }
    return out;
  }

  @Override
  public void destroyDataset(String name, boolean recursive) throws IOException {
    api.call(
        "DELETE", "/api/v1/datasets/" + ApiClient.segment(name) + "?recursive=" + recursive, null);
  }

  @Override
  public void renameDataset(String from, String to) throws IOException {
    api.call(
        "POST", "/api/v1/datasets/" + ApiClient.segment(from) + "/rename", Map.of("newName", to));
  }

  @Override
  public List<Snapshot> createSnapshot(String snapshotName, boolean recursive) throws IOException {
    List<Snapshot> out = new ArrayList<>();
    for (JsonNode s :
        api.call(
            "POST", "/api/v1/snapshots", Map.of("name", snapshotName, "recursive", recursive))) {
      out.add(new RemoteSnapshot(s));
    }
    return out;
  }

  @Override
  public Snapshot snapshot(String snapshotName) throws IOException {
    String dataset = snapshotName.substring(0, Math.max(0, snapshotName.indexOf('@')));
    for (JsonNode s :
        api.call("GET", "/api/v1/snapshots?dataset=" + ApiClient.segment(dataset), null)) {
      if (s.get("name").asText().equals(snapshotName)) {
        return new RemoteSnapshot(s);
      }
    }
    throw new dev.kiln.engine.api.error.NoSuchEntryException("no such snapshot: " + snapshotName);
  }

  @Override
  public void destroySnapshot(String snapshotName) throws IOException {
    api.call("DELETE", "/api/v1/snapshots/" + ApiClient.segment(snapshotName), null);
  }

  @Override
  public void rollback(String snapshotName, boolean destroyNewer) throws IOException {
    api.call(
        "POST",
        "/api/v1/snapshots/" + ApiClient.segment(snapshotName) + "/rollback",
        Map.of("destroyNewer", destroyNewer));
  }

  @Override
  public void hold(String snapshotName, String tag) throws IOException {
    api.call(
        "POST",
        "/api/v1/snapshots/" + ApiClient.segment(snapshotName) + "/hold",
        Map.of("tag", tag));
  }

  @Override
  public void release(String snapshotName, String tag) throws IOException {
    api.call(
        "POST",
        "/api/v1/snapshots/" + ApiClient.segment(snapshotName) + "/release",
        Map.of("tag", tag));
  }

  @Override
  public List<DiffEntry> diff(String from, String to) throws IOException {
    List<DiffEntry> out = new ArrayList<>();
    for (JsonNode e :
        api.call(
            "GET",
            "/api/v1/snapshots/" + ApiClient.segment(from) + "/diff?to=" + ApiClient.segment(to),
            null)) {
      DiffKind kind = DiffKind.valueOf(e.get("change").asText().toUpperCase(Locale.ROOT));
      out.add(
          new DiffEntry(
              kind,
              e.get("path").asText(),
              e.has("newPath") ? e.get("newPath").asText() : null,
              null));
    }
    return out;
  }

  @Override
  public Dataset clone(String snapshotName, String newDataset, PropertyMap properties)
      throws IOException {
    api.call(
        "POST",
        "/api/v1/snapshots/" + ApiClient.segment(snapshotName) + "/clone",
        Map.of("newName", newDataset, "properties", text(properties)));
    return dataset(newDataset);
  }

  @Override
  public void close() {
    // Nothing to release: every call is its own request.
  }

  private static Map<String, String> text(PropertyMap properties) {
    Map<String, String> out = new LinkedHashMap<>();
    for (DatasetProperty<?> p : properties.properties()) {
      out.put(p.name(), format(p, properties));
    }
    return out;
  }

  private static <T> String format(DatasetProperty<T> p, PropertyMap m) {
    return p.format(m.get(p).orElseThrow());
  }

  private final class RemotePool implements Pool {
    private final JsonNode doc;

    RemotePool(JsonNode doc) {
      this.doc = doc;
    }

    @Override
    public String name() {
      return doc.get("name").asText();
    }

    @Override
    public long guid() {
      return Long.parseUnsignedLong(doc.get("guid").asText());
    }

    @Override
    public PoolHealth health() {
      return PoolHealth.valueOf(doc.get("health").asText());
    }

    @Override
    public PoolCapacity capacity() {
      JsonNode c = doc.get("capacity");
      return new PoolCapacity(
          c.get("sizeBytes").asLong(),
          c.get("allocatedBytes").asLong(),
          c.get("freeBytes").asLong());
    }

    @Override
    public List<DeviceStatus> devices() {
      List<DeviceStatus> out = new ArrayList<>();
      for (JsonNode d : doc.get("devices")) {
        out.add(
            new DeviceStatus(
                d.get("name").asText(),
                PoolHealth.valueOf(d.get("health").asText()),
                d.get("readErrors").asLong(),
                d.get("writeErrors").asLong(),
                d.get("checksumErrors").asLong()));
      }
      return out;
    }

    @Override
    public Set<String> features() {
      Set<String> out = new LinkedHashSet<>();
      doc.path("features").forEach(f -> out.add(f.asText()));
      return out;
    }

    @Override
    public void startScrub() throws IOException {
      api.call("POST", "/api/v1/pools/" + ApiClient.segment(name()) + "/scrub", null);
    }

    @Override
    public ScrubStatus scrubStatus() throws IOException {
      JsonNode s = api.call("GET", "/api/v1/pools/" + ApiClient.segment(name()), null).get("scrub");
      return new ScrubStatus(
          ScrubState.valueOf(s.get("state").asText()),
          s.get("started").isNull() ? null : Instant.parse(s.get("started").asText()),
          s.get("finished").isNull() ? null : Instant.parse(s.get("finished").asText()),
          s.get("bytesToScan").asLong(),
          s.get("bytesScanned").asLong(),
          s.get("errors").asLong());
    }
  }

  private final class RemoteDataset implements Dataset {
    private final JsonNode doc;

    RemoteDataset(JsonNode doc) {
      this.doc = doc;
    }

    @Override
    public String name() {
      return doc.get("name").asText();
    }

    @Override
    public long guid() {
      return Long.parseUnsignedLong(doc.get("guid").asText());
    }

    @Override
    public DatasetType type() {
      return DatasetType.valueOf(doc.get("type").asText().toUpperCase(Locale.ROOT));
    }

    @Override
    public Instant creation() {
      return Instant.parse(doc.get("creation").asText());
    }

    @Override
    public Optional<String> origin() {
      return doc.has("origin") ? Optional.of(doc.get("origin").asText()) : Optional.empty();
    }

    @Override
    public SpaceUsage space() {
      JsonNode s = doc.get("space");
      return new SpaceUsage(
          s.get("used").asLong(),
          s.get("referenced").asLong(),
          s.get("available").asLong(),
          s.get("usedBySnapshots").asLong(),
          s.get("usedByDataset").asLong(),
          s.get("usedByChildren").asLong(),
          s.get("logicalUsed").asLong(),
          s.get("logicalReferenced").asLong(),
          s.get("compressRatio").asDouble());
    }

    private JsonNode full() throws IOException {
      return doc.has("properties")
          ? doc
          : api.call("GET", "/api/v1/datasets/" + ApiClient.segment(name()), null);
    }

    @Override
    public <T> PropertyValue<T> get(DatasetProperty<T> property) throws IOException {
      JsonNode p = full().path("properties").path(property.name());
      if (p.isMissingNode()) {
        return new PropertyValue<>(property, property.defaultValue(), PropertySource.DEFAULT, null);
      }
      String from = p.path("inheritedFrom").asText("");
      return new PropertyValue<>(
          property,
          property.parse(p.get("value").asText()),
          PropertySource.valueOf(p.get("source").asText().toUpperCase(Locale.ROOT)),
          from.isEmpty() ? null : from);
    }

    @Override
    public List<PropertyValue<?>> properties() throws IOException {
      List<PropertyValue<?>> out = new ArrayList<>();
      JsonNode props = full().path("properties");
      for (var e : props.properties()) {
        out.add(get(DatasetProperties.byName(e.getKey())));
      }
      return out;
    }

    @Override
    public <T> void set(DatasetProperty<T> property, T value) throws IOException {
      api.call(
          "PATCH",
          "/api/v1/datasets/" + ApiClient.segment(name()),
          Map.of("properties", Map.of(property.name(), property.format(value))));
    }

    @Override
    public void inherit(DatasetProperty<?> property) throws IOException {
      api.call(
          "PATCH",
          "/api/v1/datasets/" + ApiClient.segment(name()),
          Map.of("inherit", List.of(property.name())));
    }

    @Override
    public FileSystem fileSystem() throws IOException {
      throw new NotSupportedException(
          "file access goes through NFS, SMB or SFTP, not the management API");
    }

    @Override
    public BlockVolume volume() throws IOException {
      throw new NotSupportedException("block access goes through iSCSI, not the management API");
    }

    @Override
    public List<Snapshot> snapshots() throws IOException {
      List<Snapshot> out = new ArrayList<>();
      for (JsonNode s :
          api.call("GET", "/api/v1/snapshots?dataset=" + ApiClient.segment(name()), null)) {
        out.add(new RemoteSnapshot(s));
      }
      return out;
    }
  }

  private static final class RemoteSnapshot implements Snapshot {
    private final JsonNode doc;

    RemoteSnapshot(JsonNode doc) {
      this.doc = doc;
    }

    @Override
    public String name() {
      return doc.get("name").asText();
    }

    @Override
    public long guid() {
      return Long.parseUnsignedLong(doc.get("guid").asText());
    }

    @Override
    public long createTxg() {
      return doc.get("createTxg").asLong();
    }

    @Override
    public Instant creation() {
      return Instant.parse(doc.get("creation").asText());
    }

    @Override
    public Set<String> holds() {
      Set<String> out = new LinkedHashSet<>();
      doc.path("holds").forEach(h -> out.add(h.asText()));
      return out;
    }

    @Override
    public long used() {
      return doc.get("used").asLong();
    }

    @Override
    public long referenced() {
      return doc.get("referenced").asLong();
    }

    @Override
    public FileSystem fileSystem() throws IOException {
      throw new NotSupportedException("snapshot files are browsed through NFS, SMB or SFTP");
    }

    @Override
    public BlockVolume volume() throws IOException {
      throw new NotSupportedException("snapshot volumes are read through iSCSI");
    }
  }
}
