package dev.kiln.engine.api.manage;

import dev.kiln.engine.api.block.BlockVolume;
import dev.kiln.engine.api.fs.FileSystem;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A file system or volume dataset: identity, properties, space, and its data interface. */
public interface Dataset {

  /** The full name, such as {@code tank/home/alice}. */
  String name();

  /** The 64-bit guid; unchanged by rename. */
  long guid();

  /** FILESYSTEM or VOLUME. */
  DatasetType type();

  /** When the dataset was created. */
  Instant creation();

  /** For a clone, the snapshot it was cloned from. */
  Optional<String> origin();

  /** Current space accounting. */
  SpaceUsage space() throws IOException;

  /** The effective value of a property and its source. */
  <T> PropertyValue<T> get(DatasetProperty<T> property) throws IOException;

  /** Every native property plus every user property set here or inherited. */
  List<PropertyValue<?>> properties() throws IOException;

  /** Sets a property locally; InvalidArgumentException if invalid or not for this type. */
  <T> void set(DatasetProperty<T> property, T value) throws IOException;

  /** Removes the local setting so the value is inherited (or the default). */
  void inherit(DatasetProperty<?> property) throws IOException;

  /** The file interface; InvalidArgumentException for volumes. */
  FileSystem fileSystem() throws IOException;

  /** The block interface; InvalidArgumentException for file systems. */
  BlockVolume volume() throws IOException;

  /** This dataset's snapshots, oldest first. */
  List<Snapshot> snapshots() throws IOException;
}
