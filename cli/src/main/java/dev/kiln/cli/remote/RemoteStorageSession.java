package dev.kiln.cli.remote;

import dev.kiln.cli.storage.StorageSession;
import dev.kiln.engine.api.manage.Pool;
import dev.kiln.engine.api.manage.StorageEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A storage session against an appliance's API. */
public final class RemoteStorageSession implements StorageSession {

  private final RemoteStorageEngine engine;

  private RemoteStorageSession(RemoteStorageEngine engine) {
    this.engine = engine;
  }

  /** Opens a session with the stored token for {@code endpoint}. */
  public static RemoteStorageSession open(Endpoint endpoint) throws Exception {
    Credentials.Entry entry =
        Credentials.defaults()
            .get(endpoint.host())
            .orElseThrow(
                () ->
                    new IOException(
                        "not logged in to "
                            + endpoint.host()
                            + ": run `kiln login"
                            + (endpoint.host().startsWith("localhost:")
                                ? ""
                                : " --host " + endpoint.host())
                            + "`"));
    String pem =
        endpoint.certificatePem() != null ? endpoint.certificatePem() : entry.certificatePem();
    return new RemoteStorageSession(
        new RemoteStorageEngine(new ApiClient(endpoint.host(), pem, "Bearer " + entry.token())));
  }

  @Override
  public StorageEngine engine() {
    return engine;
  }

  @Override
  public Path poolDirectory() {
    throw new UnsupportedOperationException("pool files are local to the appliance");
  }

  @Override
  public Pool createPool(
      String name, List<Path> devices, long sizeBytes, Map<String, String> properties)
      throws Exception {
    return engine.createPool(name, List.of(), null);
  }

  @Override
  public Pool importPool(String nameOrGuid, List<Path> devices) throws Exception {
    return engine.importPool(nameOrGuid, devices);
  }

  @Override
  public void exportPool(String name) throws Exception {
    engine.exportPool(name);
  }

  @Override
  public void close() {
    engine.close();
  }
}
