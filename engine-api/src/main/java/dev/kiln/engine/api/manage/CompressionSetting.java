package dev.kiln.engine.api.manage;

/** The compression property's values. */
public enum CompressionSetting {
  OFF,
  LZ4,
  ZSTD
}
