package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.error.InvalidArgumentException;

/**
 * Text form and validation of one property's values, used by the CLI, the REST API and the on-disk
 * property store.
 *
 * @param <T> the value type
 */
public interface PropertyCodec<T> {

  /** Parses the text form; InvalidArgumentException with a clear message if malformed. */
  T parse(String text) throws InvalidArgumentException;

  /** The canonical text form, which {@link #parse} accepts. */
  String format(T value);

  /** Checks a typed value; InvalidArgumentException if out of range. */
  void validate(T value) throws InvalidArgumentException;
}
