/**
 * What is shared and how names resolve: exports parsed from the {@code sharenfs} property, client
 * rules and squashing, and the namespace that maps handles and names to engine file systems,
 * including the synthetic read-only {@code .zfs/snapshot} directories.
 */
package dev.kiln.nfs.export;
