package dev.kiln.cli.remote;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln iscsi target ...}: iSCSI targets, their LUNs, initiator ACLs and CHAP, through the
 * API. CHAP secrets are read from files, never taken on the command line.
 */
@Command(
    name = "iscsi",
    description = "Manage iSCSI targets (through the API).",
    subcommands = {IscsiCommand.Target.class})
public final class IscsiCommand {

  /** {@code kiln iscsi target ...}. */
  @Command(
      name = "target",
      description = "iSCSI targets: LUN maps, initiator ACLs, CHAP.",
      subcommands = {TargetList.class, TargetCreate.class, TargetUpdate.class, TargetDelete.class})
  public static final class Target {}

  @Command(name = "list", description = "List targets (without secrets).")
  static final class TargetList extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("GET", "/api/v1/iscsi/targets", null),
          "name",
          "luns",
          "initiators",
          "chapUser",
          "mutualChap");
      return 0;
    }
  }

  /** Options shared by create and update. */
  abstract static class TargetOptions extends ApiCommand {
    @Option(
        names = "--lun",
        paramLabel = "N=DATASET",
        description = "Map LUN N to a volume dataset (repeatable).")
    List<String> luns = new ArrayList<>();

    @Option(
        names = "--initiator",
        paramLabel = "IQN",
        description = "Allow this initiator (repeatable; none: every initiator).")
    List<String> initiators = new ArrayList<>();

    @Option(names = "--chap-user", description = "CHAP name initiators must use.")
    String chapUser;

    @Option(names = "--chap-secret-file", description = "File holding the CHAP secret.")
    Path chapSecret;

    @Option(names = "--mutual-user", description = "The target's CHAP name (mutual CHAP).")
    String mutualUser;

    @Option(names = "--mutual-secret-file", description = "File holding the target's secret.")
    Path mutualSecret;

    Map<String, Object> body() throws IOException {
      Map<String, Object> b = new LinkedHashMap<>();
      if (!luns.isEmpty()) {
        b.put("luns", luns);
      }
      if (!initiators.isEmpty()) {
        b.put("initiators", initiators);
      }
      if (chapUser != null) {
        b.put("chapUser", chapUser);
      }
      if (chapSecret != null) {
        b.put("chapSecret", Files.readString(chapSecret).strip());
      }
      if (mutualUser != null) {
        b.put("mutualUser", mutualUser);
      }
      if (mutualSecret != null) {
        b.put("mutualSecret", Files.readString(mutualSecret).strip());
      }
      return b;
    }
  }

  @Command(name = "create", description = "Create a target.")
  static final class TargetCreate extends TargetOptions {
    @Parameters(paramLabel = "IQN")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("name", name);
      b.putAll(body());
      print(out, api.call("POST", "/api/v1/iscsi/targets", b));
      return 0;
    }
  }

  @Command(name = "update", description = "Change a target's LUNs, initiators or CHAP.")
  static final class TargetUpdate extends TargetOptions {
    @Parameters(paramLabel = "IQN")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(out, api.call("PATCH", "/api/v1/iscsi/targets/" + ApiClient.segment(name), body()));
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete a target (its volumes stay).")
  static final class TargetDelete extends ApiCommand {
    @Parameters(paramLabel = "IQN")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call("DELETE", "/api/v1/iscsi/targets/" + ApiClient.segment(name), null);
      out.printf("deleted target %s%n", name);
      return 0;
    }
  }
}
