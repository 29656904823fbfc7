package dev.kiln.mgmt.api;

import java.io.IOException;
import java.io.OutputStream;

/** A response body written as it is produced (server-sent events), until the client leaves. */
@FunctionalInterface
public interface StreamingBody {

  /** Writes to the client; returns when the stream ends or the client disconnects. */
  void writeTo(OutputStream out) throws IOException, InterruptedException;
}
