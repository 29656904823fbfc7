package dev.kiln.mgmt.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.engine.api.manage.DatasetType;
import dev.kiln.engine.api.manage.StorageEngine;
import dev.kiln.mgmt.api.CrudResource;
import dev.kiln.mgmt.api.CrudRoutes;
import dev.kiln.mgmt.api.Field;
import dev.kiln.mgmt.api.Principal;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.api.Schema;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.iscsi.IscsiTargetSpec;
import dev.kiln.mgmt.iscsi.IscsiTargetSpec.LunMapping;
import dev.kiln.mgmt.iscsi.IscsiTargets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * iSCSI targets ({@code /api/v1/iscsi/targets}, namespace {@code sharing}): LUNs mapped to volume
 * datasets, initiator ACLs and CHAP. Secrets are accepted, never returned.
 */
public final class IscsiTargetResource implements CrudResource<IscsiTargetSpec.View> {

  /** iSCSI names (RFC 7143 §4.2.7.1): iqn., eui. or naa. forms, lower-case as normalized. */
  static final String IQN =
      "(iqn\\.\\d{4}-\\d{2}\\.[a-z0-9.-]+(:[a-z0-9.:-]*)?|eui\\.[0-9a-f]{16}|naa\\.[0-9a-f]{16,32})";

  private static final String LUN = "\\d{1,4}=[A-Za-z0-9_.:/-]+";

  private final IscsiTargets targets;
  private final Supplier<StorageEngine> engine;

  private IscsiTargetResource(IscsiTargets targets, Supplier<StorageEngine> engine) {
    this.targets = targets;
    this.engine = engine;
  }

  /** The routes of the resource. */
  public static List<Route> routes(IscsiTargets targets, Supplier<StorageEngine> engine) {
    return CrudRoutes.of(new IscsiTargetResource(targets, engine));
  }

  @Override
  public String name() {
    return "iscsi-target";
  }

  @Override
  public String namespace() {
    return "sharing";
  }

  @Override
  public String path() {
    return "/api/v1/iscsi/targets";
  }

  @Override
  public Role writeRole() {
    return Role.OPERATOR;
  }

  @Override
  public Schema createSchema() {
    return Schema.of(
        Field.string("name", true, IQN, 223, "iSCSI target name (iqn.yyyy-mm.domain:id)."),
        Field.strings("luns", true, LUN, "LUN=volume dataset, e.g. 0=tank/vol1."),
        Field.strings("initiators", false, IQN, "Initiator names allowed (none: every initiator)."),
        Field.string("chapUser", false, "[\\x21-\\x7e]{1,64}", 64, "CHAP name initiators use."),
        Field.string("chapSecret", false, "[\\x20-\\x7e]{12,255}", 255, "CHAP secret (12+)."),
        Field.string("mutualUser", false, "[\\x21-\\x7e]{1,64}", 64, "Target CHAP name."),
        Field.string("mutualSecret", false, "[\\x20-\\x7e]{12,255}", 255, "Target secret."));
  }

  @Override
  public Schema updateSchema() {
    return Schema.of(
        Field.strings("luns", false, LUN, "LUN=volume dataset."),
        Field.strings("initiators", false, IQN, "Initiator names allowed (empty: every one)."),
        Field.string("chapUser", false, "[\\x21-\\x7e]{0,64}", 64, "CHAP name (empty: off)."),
        Field.string("chapSecret", false, "[\\x20-\\x7e]{12,255}", 255, "CHAP secret."),
        Field.string("mutualUser", false, "[\\x21-\\x7e]{0,64}", 64, "Target CHAP name."),
        Field.string("mutualSecret", false, "[\\x20-\\x7e]{12,255}", 255, "Target secret."));
  }

  @Override
  public List<IscsiTargetSpec.View> list() throws Exception {
    return targets.list().stream().map(IscsiTargetSpec::view).toList();
  }

  @Override
  public IscsiTargetSpec.View get(String id) throws Exception {
    return spec(id).view();
  }

  private IscsiTargetSpec spec(String id) throws Exception {
    return targets.get(id).orElseThrow(() -> ProblemException.notFound("no such target: " + id));
  }

  @Override
  public IscsiTargetSpec.View doCreate(JsonNode body, Principal who) throws Exception {
    IscsiTargetSpec spec =
        validated(
            new IscsiTargetSpec(
                body.get("name").asText(),
                luns(body.get("luns")),
                strings(body.get("initiators")),
                text(body, "chapUser"),
                text(body, "chapSecret"),
                text(body, "mutualUser"),
                text(body, "mutualSecret")));
    if (!targets.create(spec)) {
      throw ProblemException.conflict("target " + spec.name() + " already exists");
    }
    return spec.view();
  }

  @Override
  public IscsiTargetSpec.View doUpdate(String id, JsonNode body, Principal who) throws Exception {
    IscsiTargetSpec old = spec(id);
    String chapUser = body.has("chapUser") ? emptyToNull(text(body, "chapUser")) : old.chapUser();
    IscsiTargetSpec spec =
        validated(
            new IscsiTargetSpec(
                id,
                body.has("luns") ? luns(body.get("luns")) : old.luns(),
                body.has("initiators") ? strings(body.get("initiators")) : old.initiators(),
                chapUser,
                chapUser == null
                    ? null
                    : body.has("chapSecret") ? text(body, "chapSecret") : old.chapSecret(),
                body.has("mutualUser")
                    ? emptyToNull(text(body, "mutualUser"))
                    : chapUser == null ? null : old.mutualUser(),
                body.has("mutualSecret")
                    ? text(body, "mutualSecret")
                    : chapUser == null ? null : old.mutualSecret()));
    if (spec.mutualUser() == null && spec.mutualSecret() != null) {
      spec =
          new IscsiTargetSpec(
              spec.name(),
              spec.luns(),
              spec.initiators(),
              spec.chapUser(),
              spec.chapSecret(),
              null,
              null);
    }
    targets.replace(spec);
    return spec.view();
  }

  @Override
  public void doDelete(String id, Principal who) throws Exception {
    if (!targets.delete(id)) {
      throw ProblemException.notFound("no such target: " + id);
    }
  }

  private IscsiTargetSpec validated(IscsiTargetSpec spec) throws Exception {
    if (spec.luns().isEmpty()) {
      throw ProblemException.badRequest("a target needs at least one LUN");
    }
    Set<Integer> numbers = new HashSet<>();
    StorageEngine e = engine.get();
    for (LunMapping l : spec.luns()) {
      if (l.lun() > 16383 || !numbers.add(l.lun())) {
        throw ProblemException.badRequest("LUN " + l.lun() + " is repeated or above 16383");
      }
      if (e.dataset(l.dataset()).type() != DatasetType.VOLUME) {
        throw ProblemException.badRequest(l.dataset() + " is not a volume");
      }
    }
    if ((spec.chapUser() == null) != (spec.chapSecret() == null)) {
      throw ProblemException.badRequest("CHAP needs both chapUser and chapSecret");
    }
    if ((spec.mutualUser() == null) != (spec.mutualSecret() == null)) {
      throw ProblemException.badRequest("mutual CHAP needs both mutualUser and mutualSecret");
    }
    if (spec.mutualUser() != null && spec.chapUser() == null) {
      throw ProblemException.badRequest("mutual CHAP needs CHAP");
    }
    if (spec.mutualSecret() != null && spec.mutualSecret().equals(spec.chapSecret())) {
      throw ProblemException.badRequest("the mutual secret must differ from the CHAP secret");
    }
    return spec;
  }

  private static List<LunMapping> luns(JsonNode node) {
    List<LunMapping> out = new ArrayList<>();
    for (String s : strings(node)) {
      int eq = s.indexOf('=');
      out.add(new LunMapping(Integer.parseInt(s.substring(0, eq)), s.substring(eq + 1)));
    }
    return out;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
