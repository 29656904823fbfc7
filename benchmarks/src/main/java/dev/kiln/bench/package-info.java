/**
 * End-to-end benchmarks: Kiln and a reference implementation doing the same work on the same
 * machine in one run, reported as ratios against the issues' floors. Never part of `./kiln test`.
 */
package dev.kiln.bench;
