package dev.kiln.mgmt.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.engine.api.manage.Dataset;
import dev.kiln.engine.api.manage.DatasetProperties;
import dev.kiln.engine.api.manage.DatasetProperty;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.DiffEntry;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.PropertyMap;
import dev.kiln.engine.api.manage.PropertyValue;
import dev.kiln.engine.api.manage.ScrubState;
import dev.kiln.engine.api.manage.Snapshot;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.mgmt.api.ApiResponse;
import dev.kiln.mgmt.api.Field;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.jobs.JobManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Pools, datasets and snapshots: the {@code storage} namespace. Dataset and snapshot names contain
 * {@code /}: clients URL-encode them ({@code tank%2Fhome}).
 */
public final class StorageRoutes {

  private static final String DATASET = "[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)*";
  private static final String SNAPSHOT = DATASET + "@[A-Za-z0-9_.:-]+";

  private StorageRoutes() {}

  /** The routes, over the running engine. */
  public static List<Route> routes(Supplier<StorageEngine> engine, JobManager jobs) {
    Schema createDataset =
        Schema.of(
            Field.string("name", true, DATASET, 255, "Full name, such as tank/home/alice."),
            Field.string("type", false, "filesystem|volume", 10, "filesystem (default) or volume."),
            Field.object(
                "properties", false, "Property name to value, as text (volsize for volumes)."));
    Schema updateDataset =
        Schema.of(
            Field.object("properties", false, "Properties to set locally, name to text value."),
            Field.strings("inherit", false, "[a-z0-9_.:+-]+", "Properties to inherit again."));
    Schema rename = Schema.of(Field.string("newName", true, DATASET, 255, "The new full name."));
    Schema createSnapshot =
        Schema.of(
            Field.string("name", true, SNAPSHOT, 255, "dataset@name."),
            Field.bool("recursive", false, "Also every descendant, atomically."));
    Schema rollback = Schema.of(Field.bool("destroyNewer", false, "Destroy newer snapshots."));
    Schema tag = Schema.of(Field.string("tag", true, "[A-Za-z0-9_.:-]{1,64}", 64, "Hold tag."));
    Schema clone =
        Schema.of(
            Field.string("newName", true, DATASET, 255, "The clone's full name."),
            Field.object("properties", false, "Properties of the clone."));
    return List.of(
        new Route(
            "GET",
            "/api/v1/pools",
            "pool.list",
            "storage",
            Role.READONLY,
            "List pools.",
            null,
            false,
            req -> {
              List<Object> out = new ArrayList<>();
              for (Pool p : engine.get().pools()) {
                out.add(describe(p));
              }
              return ApiResponse.ok(out);
            }),
        new Route(
            "GET",
            "/api/v1/pools/{name}",
            "pool.get",
            "storage",
            Role.READONLY,
            "A pool with devices and scrub state.",
            null,
            false,
            req -> ApiResponse.ok(describe(engine.get().pool(req.path("name"))))),
        new Route(
            "POST",
            "/api/v1/pools/{name}/scrub",
            "pool.scrub",
            "storage",
            Role.OPERATOR,
            "Verify every block of the pool, as a job.",
            null,
            false,
            req -> {
              Pool pool = engine.get().pool(req.path("name"));
              var job =
                  jobs.submit(
                      "pool.scrub",
                      pool.name(),
                      req.principal().user(),
                      "scrub:" + pool.name(),
                      ctx -> {
                        pool.startScrub();
                        var st = pool.scrubStatus();
                        while (st.state() == ScrubState.RUNNING && !ctx.cancelled()) {
                          if (st.bytesToScan() > 0) {
                            ctx.progress((int) (100 * st.bytesScanned() / st.bytesToScan()));
                          }
                          java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                          st = pool.scrubStatus();
                        }
                        ctx.log(
                            "scanned %d bytes, %d error(s)"
                                .formatted(st.bytesScanned(), st.errors()));
                        if (st.errors() > 0) {
                          throw new IllegalStateException(st.errors() + " checksum error(s) found");
                        }
                      });
              return new ApiResponse(202, job);
            }),
        new Route(
            "GET",
            "/api/v1/datasets",
            "dataset.list",
            "storage",
            Role.READONLY,
            "Datasets (?root=NAME for one subtree).",
            null,
            false,
            req -> {
              StorageEngine e = engine.get();
              List<Dataset> all = new ArrayList<>();
              if (req.query("root").isPresent()) {
                all.addAll(e.datasets(req.query("root").get(), true));
              } else {
                for (Pool p : e.pools()) {
                  all.addAll(e.datasets(p.name(), true));
                }
              }
              List<Object> out = new ArrayList<>();
              for (Dataset d : all) {
                out.add(describe(d, false));
              }
              return ApiResponse.ok(out);
            }),
        new Route(
            "GET",
            "/api/v1/datasets/{name}",
            "dataset.get",
            "storage",
            Role.READONLY,
            "A dataset with every property and its source.",
            null,
            false,
            req -> ApiResponse.ok(describe(engine.get().dataset(req.path("name")), true))),
        new Route(
            "POST",
            "/api/v1/datasets",
            "dataset.create",
            "storage",
            Role.OPERATOR,
            "Create a file system or volume.",
            createDataset,
            false,
            req -> {
              JsonNode b = req.body();
              DatasetType type =
                  b.path("type").asText("filesystem").equals("volume")
                      ? DatasetType.VOLUME
                      : DatasetType.FILESYSTEM;
              Dataset d =
                  engine
                      .get()
                      .createDataset(b.get("name").asText(), type, properties(b.get("properties")));
              return ApiResponse.created(describe(d, false));
            }),
        new Route(
            "PATCH",
            "/api/v1/datasets/{name}",
            "dataset.update",
            "storage",
            Role.OPERATOR,
            "Set or inherit properties.",
            updateDataset,
            true,
            req -> {
              Dataset d = engine.get().dataset(req.path("name"));
              PropertyMap set = properties(req.body().get("properties"));
              for (DatasetProperty<?> p : set.properties()) {
                setProperty(d, p, set);
              }
              JsonNode inherit = req.body().get("inherit");
              if (inherit != null) {
                for (JsonNode n : inherit) {
                  d.inherit(DatasetProperties.byName(n.asText()));
                }
              }
              return ApiResponse.ok(describe(d, true));
            }),
        new Route(
            "DELETE",
            "/api/v1/datasets/{name}",
            "dataset.delete",
            "storage",
            Role.OPERATOR,
            "Destroy a dataset as a job (?recursive=true for children and snapshots).",
            null,
            false,
            req -> {
              String name = req.path("name");
              boolean recursive = req.query("recursive").map(Boolean::parseBoolean).orElse(false);
              engine.get().dataset(name); // 404 at once rather than a failed job
              var job =
                  jobs.submit(
                      "dataset.destroy",
                      name,
                      req.principal().user(),
                      "dataset:" + name,
                      ctx -> {
                        engine.get().destroyDataset(name, recursive);
                        ctx.log("destroyed " + name + (recursive ? " and its descendants" : ""));
                      });
              return new ApiResponse(202, job);
            }),
        new Route(
            "POST",
            "/api/v1/datasets/{name}/rename",
            "dataset.rename",
            "storage",
            Role.OPERATOR,
            "Rename a dataset within its pool.",
            rename,
            false,
            req -> {
              engine.get().renameDataset(req.path("name"), req.body().get("newName").asText());
              return ApiResponse.ok(
                  describe(engine.get().dataset(req.body().get("newName").asText()), false));
            }),
        new Route(
            "POST",
            "/api/v1/datasets/{name}/promote",
            "dataset.promote",
            "storage",
            Role.OPERATOR,
            "Make a clone independent of its origin.",
            null,
            false,
            req -> {
              engine.get().promote(req.path("name"));
              return ApiResponse.ok(describe(engine.get().dataset(req.path("name")), false));
            }),
        new Route(
            "GET",
            "/api/v1/snapshots",
            "snapshot.list",
            "storage",
            Role.READONLY,
            "Snapshots (?dataset=NAME for one dataset).",
            null,
            false,
            req -> {
              StorageEngine e = engine.get();
              List<Dataset> ds = new ArrayList<>();
              if (req.query("dataset").isPresent()) {
                ds.add(e.dataset(req.query("dataset").get()));
              } else {
                for (Pool p : e.pools()) {
                  ds.addAll(e.datasets(p.name(), true));
                }
              }
              List<Object> out = new ArrayList<>();
              for (Dataset d : ds) {
                for (Snapshot s : d.snapshots()) {
                  out.add(describe(s));
                }
              }
              return ApiResponse.ok(out);
            }),
        new Route(
            "POST",
            "/api/v1/snapshots",
            "snapshot.create",
            "storage",
            Role.OPERATOR,
            "Take a snapshot (recursive: of every descendant in the same txg).",
            createSnapshot,
            false,
            req -> {
              List<Object> out = new ArrayList<>();
              for (Snapshot s :
                  engine
                      .get()
                      .createSnapshot(
                          req.body().get("name").asText(),
                          req.body().path("recursive").asBoolean(false))) {
                out.add(describe(s));
              }
              return ApiResponse.created(out);
            }),
        new Route(
            "DELETE",
            "/api/v1/snapshots/{name}",
            "snapshot.delete",
            "storage",
            Role.OPERATOR,
            "Destroy a snapshot and reclaim what only it held.",
            null,
            false,
            req -> {
              engine.get().destroySnapshot(req.path("name"));
              return ApiResponse.noContent();
            }),
        new Route(
            "POST",
            "/api/v1/snapshots/{name}/rollback",
            "snapshot.rollback",
            "storage",
            Role.OPERATOR,
            "Return the dataset to this snapshot, as a job.",
            rollback,
            true,
            req -> {
              String name = req.path("name");
              boolean destroyNewer =
                  req.body() != null && req.body().path("destroyNewer").asBoolean(false);
              engine.get().snapshot(name); // 404 at once rather than a failed job
              var job =
                  jobs.submit(
                      "snapshot.rollback",
                      name,
                      req.principal().user(),
                      "dataset:" + name.substring(0, name.indexOf('@')),
                      ctx -> {
                        engine.get().rollback(name, destroyNewer);
                        ctx.log("rolled back to " + name);
                      });
              return new ApiResponse(202, job);
            }),
        new Route(
            "POST",
            "/api/v1/snapshots/{name}/hold",
            "snapshot.hold",
            "storage",
            Role.OPERATOR,
            "Add a hold tag.",
            tag,
            false,
            req -> {
              engine.get().hold(req.path("name"), req.body().get("tag").asText());
              return ApiResponse.ok(describe(engine.get().snapshot(req.path("name"))));
            }),
        new Route(
            "POST",
            "/api/v1/snapshots/{name}/release",
            "snapshot.release",
            "storage",
            Role.OPERATOR,
            "Remove a hold tag.",
            tag,
            false,
            req -> {
              engine.get().release(req.path("name"), req.body().get("tag").asText());
              return ApiResponse.ok(describe(engine.get().snapshot(req.path("name"))));
            }),
        new Route(
            "POST",
            "/api/v1/snapshots/{name}/clone",
            "snapshot.clone",
            "storage",
            Role.OPERATOR,
            "Create a writable dataset from this snapshot.",
            clone,
            false,
            req -> {
              Dataset d =
                  engine
                      .get()
                      .clone(
                          req.path("name"),
                          req.body().get("newName").asText(),
                          properties(req.body().get("properties")));
              return ApiResponse.created(describe(d, false));
            }),
        new Route(
            "GET",
            "/api/v1/snapshots/{name}/diff",
            "snapshot.diff",
            "storage",
            Role.READONLY,
            "Changed paths up to ?to=SNAPSHOT or the dataset's head (default).",
            null,
            false,
            req -> {
              String from = req.path("name");
              String to = req.query("to").orElse(from.substring(0, from.indexOf('@')));
              List<Object> out = new ArrayList<>();
              for (DiffEntry e : engine.get().diff(from, to)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("change", e.kind().name().toLowerCase(Locale.ROOT));
                m.put("path", e.path());
                if (e.newPath() != null) {
                  m.put("newPath", e.newPath());
                }
                out.add(m);
              }
              return ApiResponse.ok(out);
            }));
  }

  private static <T> void setProperty(Dataset d, DatasetProperty<T> p, PropertyMap values)
      throws Exception {
    d.set(p, values.get(p).orElseThrow());
  }

  private static PropertyMap properties(JsonNode node) throws Exception {
    PropertyMap map = PropertyMap.empty();
    if (node == null || node.isNull()) {
      return map;
    }
    List<Schema.FieldError> errors = new ArrayList<>();
    for (var e : node.properties()) {
      try {
        map = map.withText(e.getKey(), e.getValue().asText());
      } catch (Exception ex) {
        errors.add(
            new Schema.FieldError("properties." + e.getKey(), String.valueOf(ex.getMessage())));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return map;
  }

  private static Map<String, Object> describe(Pool p) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("guid", Long.toUnsignedString(p.guid()));
    m.put("health", p.health());
    m.put("capacity", p.capacity());
    m.put("devices", p.devices());
    m.put("scrub", p.scrubStatus());
    m.put("features", p.features());
    return m;
  }

  private static Map<String, Object> describe(Dataset d, boolean withProperties) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.name());
    m.put("guid", Long.toUnsignedString(d.guid()));
    m.put("type", d.type().name().toLowerCase(Locale.ROOT));
    m.put("creation", d.creation());
    d.origin().ifPresent(o -> m.put("origin", o));
    m.put("space", d.space());
    if (withProperties) {
      Map<String, Object> props = new LinkedHashMap<>();
      for (PropertyValue<?> v : d.properties()) {
        props.put(
            v.property().name(),
            Map.of(
                "value", v.formatted(),
                "source", v.source().name().toLowerCase(Locale.ROOT),
                "inheritedFrom", v.inheritedFrom() == null ? "" : v.inheritedFrom()));
      }
      m.put("properties", props);
    }
    return m;
  }

  private static Map<String, Object> describe(Snapshot s) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("guid", Long.toUnsignedString(s.guid()));
    m.put("createTxg", s.createTxg());
    m.put("creation", s.creation());
    m.put("holds", s.holds());
    m.put("used", s.used());
    m.put("referenced", s.referenced());
    return m;
  }
}
