package dev.kiln.engine.dataset;

import java.io.IOException;

/** Re-applies an intent log record to a dataset after a crash (the object layer's replay). */
@FunctionalInterface
public interface LogReplayer {

  /** Applies {@code record}, in log order, before the dataset is served. */
  void replay(DatasetHead dataset, byte[] record) throws IOException;

  /** Refuses every record: for pools whose datasets are never logged to. */
  LogReplayer NONE =
      (dataset, record) -> {
        throw new IOException("no replayer configured for dataset " + dataset.name());
      };
}
