/**
 * Management SPI: {@link dev.kiln.engine.api.manage.StorageEngine}, pools, datasets, snapshots, and
 * the typed property catalogue.
 *
 * <p>Model (ZFS semantics): a pool owns a tree of datasets named {@code pool/a/b}; each dataset is
 * a file system or a volume with properties. Properties are typed ({@link
 * dev.kiln.engine.api.manage.DatasetProperty}) and validated at the API boundary; their text forms
 * round-trip through parse and format. Inheritable properties resolve to the nearest ancestor that
 * sets them ({@link dev.kiln.engine.api.manage.PropertyInheritance}); quota, refquota, reservation,
 * volsize and volblocksize are never inherited. User properties ({@code namespace:name}) are
 * inheritable strings.
 *
 * <p>Snapshots ({@code dataset@name}) are O(1), read-only, and expose read-only FileSystem or
 * BlockVolume views. Held or cloned snapshots cannot be destroyed (BusyException).
 */
package dev.kiln.engine.api.manage;
