package dev.kiln.cli.remote;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The API's other resources as commands: groups, tokens, jobs, audit, services, system. */
public final class AdminCommands {

  private AdminCommands() {}

  /** {@code kiln group ...}. */
  @Command(
      name = "group",
      description = "Manage groups (through the API).",
      subcommands = {GroupList.class, GroupCreate.class, GroupDelete.class})
  public static final class Group {}

  @Command(name = "list", description = "List groups.")
  static final class GroupList extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(out, api.call("GET", "/api/v1/groups", null), "name", "gid", "grants");
      return 0;
    }
  }

  @Command(name = "create", description = "Create a group.")
  static final class GroupCreate extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--role",
        paramLabel = "NAMESPACE=ROLE",
        description = "Role for members (repeatable).")
    java.util.List<String> roles = new java.util.ArrayList<>();

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call(
              "POST", "/api/v1/groups", Map.of("name", name, "roles", UserCommand.roles(roles))));
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete an empty group.")
  static final class GroupDelete extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call("DELETE", "/api/v1/groups/" + ApiClient.segment(name), null);
      out.printf("deleted group %s%n", name);
      return 0;
    }
  }

  /** {@code kiln token ...}. */
  @Command(
      name = "token",
      description = "Manage API tokens for automation (through the API).",
      subcommands = {TokenList.class, TokenCreate.class, TokenRevoke.class})
  public static final class Token {}

  @Command(name = "list", description = "List API tokens (without secrets).")
  static final class TokenList extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("GET", "/api/v1/tokens", null),
          "id",
          "owner",
          "name",
          "created",
          "expires");
      return 0;
    }
  }

  @Command(name = "create", description = "Create an API token; its secret is printed once.")
  static final class TokenCreate extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "What the token is for.")
    String name;

    @Option(
        names = "--days",
        paramLabel = "N",
        description = "Days until it expires (default: never).")
    Integer days;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      Map<String, Object> body =
          days == null ? Map.of("name", name) : Map.of("name", name, "expiresInDays", days);
      print(out, api.call("POST", "/api/v1/tokens", body));
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke an API token.")
  static final class TokenRevoke extends ApiCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call("DELETE", "/api/v1/tokens/" + ApiClient.segment(id), null);
      out.printf("revoked token %s%n", id);
      return 0;
    }
  }

  /** {@code kiln job ...}. */
  @Command(
      name = "job",
      description = "Long-running jobs (through the API).",
      subcommands = {JobList.class, JobShow.class, JobCancel.class})
  public static final class Job {}

  @Command(name = "list", description = "Jobs, newest first.")
  static final class JobList extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("GET", "/api/v1/jobs", null),
          "id",
          "kind",
          "target",
          "user",
          "state",
          "progress",
          "started");
      return 0;
    }
  }

  @Command(
      name = "show",
      description = "One job with its log; --wait shows progress until it ends.")
  static final class JobShow extends ApiCommand {
    @Parameters(paramLabel = "ID")
    long id;

    @Option(names = "--wait", description = "Show a progress bar until the job ends.")
    boolean await;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      var job = api.call("GET", "/api/v1/jobs/" + id, null);
      while (await && job.get("state").asText().equals("RUNNING")) {
        int p = job.get("progress").asInt();
        spec.commandLine().getErr().printf("\r[%-40s] %3d%%", "#".repeat(p * 40 / 100), p);
        spec.commandLine().getErr().flush();
        java.util.concurrent.locks.LockSupport.parkNanos(250_000_000L);
        job = api.call("GET", "/api/v1/jobs/" + id, null);
      }
      if (await) {
        spec.commandLine().getErr().println();
      }
      print(out, job);
      return job.get("state").asText().equals("FAILED") ? 1 : 0;
    }
  }

  @Command(name = "cancel", description = "Ask a running job to stop.")
  static final class JobCancel extends ApiCommand {
    @Parameters(paramLabel = "ID")
    long id;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call("POST", "/api/v1/jobs/" + id + "/cancel", null);
      out.printf("asked job %d to stop%n", id);
      return 0;
    }
  }

  /** {@code kiln audit [--limit N]}. */
  @Command(name = "audit", description = "The newest audit events and whether the trail is intact.")
  public static final class Audit extends ApiCommand {
    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "Events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      var doc = api.call("GET", "/api/v1/audit?limit=" + limit, null);
      if (format.equals("json")) {
        print(out, doc);
      } else {
        print(out, doc.get("events"), "time", "user", "source", "action", "resource", "result");
        out.println(doc.get("intact").asBoolean() ? "audit trail intact" : "AUDIT TRAIL BROKEN");
      }
      return doc.get("intact").asBoolean() ? 0 : 1;
    }
  }

  /** {@code kiln service list}. */
  @Command(
      name = "service",
      description = "Services and their ports (through the API).",
      subcommands = {ServiceList.class, ServiceEnable.class, ServiceDisable.class})
  public static final class Service {}

  @Command(
      name = "list",
      description = "Every row of the port table with readiness and bound ports.")
  static final class ServiceList extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("GET", "/api/v1/services", null),
          "id",
          "ports",
          "protocol",
          "direction",
          "readiness",
          "bound");
      return 0;
    }
  }

  @Command(
      name = "enable",
      description = "Let a service run (it starts when it is built and enabled).")
  static final class ServiceEnable extends ApiCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("PATCH", "/api/v1/services/" + ApiClient.segment(id), Map.of("enabled", true)));
      return 0;
    }
  }

  @Command(name = "disable", description = "Keep a service from running.")
  static final class ServiceDisable extends ApiCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("PATCH", "/api/v1/services/" + ApiClient.segment(id), Map.of("enabled", false)));
      return 0;
    }
  }

  /** {@code kiln system}. */
  @Command(name = "system", description = "Version, host name, time, time zone, uptime and health.")
  public static final class SystemInfo extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(out, api.call("GET", "/api/v1/system", null));
      return 0;
    }
  }
}
