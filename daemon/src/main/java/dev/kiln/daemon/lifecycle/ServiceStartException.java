package dev.kiln.daemon.lifecycle;

/** A service could not start; everything started before it has been stopped again. */
public final class ServiceStartException extends Exception {

  /** Names the service and keeps the cause. */
  public ServiceStartException(String service, Throwable cause) {
    super("service " + service + " failed to start: " + cause.getMessage(), cause);
  }
}
