package dev.kiln.cli.remote;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln user ...}: local users of the appliance, through the API. */
@Command(
    name = "user",
    description = "Manage users (through the API; `kiln login` first).",
    subcommands = {
      UserCommand.ListUsers.class,
      UserCommand.Create.class,
      UserCommand.Passwd.class,
      UserCommand.Delete.class
    })
public final class UserCommand {

  /** {@code kiln user list}. */
  @Command(name = "list", description = "List users.")
  static final class ListUsers extends ApiCommand {
    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      print(
          out,
          api.call("GET", "/api/v1/users", null),
          "name",
          "uid",
          "fullName",
          "groups",
          "roles",
          "disabled");
      return 0;
    }
  }

  /**
   * {@code kiln user create NAME [--role NS=ROLE]... [--group G]...}; the password comes from
   * stdin.
   */
  @Command(
      name = "create",
      description = "Create a user; the password is read from standard input.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--full-name", paramLabel = "TEXT")
    String fullName = "";

    @Option(names = "--group", paramLabel = "GROUP", description = "Group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(
        names = "--role",
        paramLabel = "NAMESPACE=ROLE",
        description = "Role per namespace (readonly, operator, admin; namespace * for all).")
    List<String> roles = new ArrayList<>();

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("fullName", fullName);
      body.put("password", readLine("password"));
      body.put("groups", groups);
      body.put("roles", roles(roles));
      print(out, api.call("POST", "/api/v1/users", body));
      return 0;
    }
  }

  /** {@code kiln user passwd NAME}: the new password comes from stdin. */
  @Command(name = "passwd", description = "Set a user's password (read from standard input).")
  static final class Passwd extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call(
          "PATCH",
          "/api/v1/users/" + ApiClient.segment(name),
          Map.of("password", readLine("password")));
      out.printf("password of %s changed%n", name);
      return 0;
    }
  }

  /** {@code kiln user delete NAME}. */
  @Command(name = "delete", description = "Delete a user.")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient api, PrintWriter out) throws Exception {
      api.call("DELETE", "/api/v1/users/" + ApiClient.segment(name), null);
      out.printf("deleted user %s%n", name);
      return 0;
    }
  }

  static Map<String, String> roles(List<String> specs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : specs) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--role takes NAMESPACE=ROLE, not '" + s + "'");
      }
      out.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return out;
  }

  static String readLine(String what) throws java.io.IOException {
    java.io.Console console = System.console();
    if (console != null) {
      char[] pw = console.readPassword("%s: ", what);
      if (pw != null) {
        return new String(pw);
      }
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      throw new IllegalArgumentException("no " + what + " on standard input");
    }
    return line;
  }
}
