package dev.kiln.mgmt.routes;

import dev.kiln.mgmt.api.ApiResponse;
import dev.kiln.mgmt.api.ProblemException;
import dev.kiln.mgmt.api.Route;
import dev.kiln.mgmt.auth.Role;
import dev.kiln.mgmt.jobs.JobManager;
import java.util.List;

/** Jobs: list, inspect, cancel. */
public final class JobRoutes {

  private JobRoutes() {}

  /** The routes. */
  public static List<Route> routes(JobManager jobs) {
    return List.of(
        new Route(
            "GET",
            "/api/v1/jobs",
            "job.list",
            "jobs",
            Role.READONLY,
            "Jobs, newest first.",
            null,
            false,
            req -> ApiResponse.ok(jobs.list())),
        new Route(
            "GET",
            "/api/v1/jobs/{id}",
            "job.get",
            "jobs",
            Role.READONLY,
            "One job with progress and log.",
            null,
            false,
            req ->
                ApiResponse.ok(
                    jobs.get(id(req.path("id")))
                        .orElseThrow(
                            () -> ProblemException.notFound("no such job " + req.path("id"))))),
        new Route(
            "POST",
            "/api/v1/jobs/{id}/cancel",
            "job.cancel",
            "jobs",
            Role.OPERATOR,
            "Ask a running job to stop.",
            null,
            false,
            req -> {
              if (!jobs.cancel(id(req.path("id")))) {
                throw ProblemException.notFound("no such job " + req.path("id"));
              }
              return new ApiResponse(202, jobs.get(id(req.path("id"))).orElseThrow());
            }));
  }

  private static long id(String text) throws ProblemException {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("job ids are numbers");
    }
  }
}
