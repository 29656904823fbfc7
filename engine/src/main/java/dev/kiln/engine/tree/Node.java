package dev.kiln.engine.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * In-memory form of a tree node. Leaves hold sorted keys and values; interior nodes hold sorted
 * separator keys and child slots, where {@code key(i)} is a lower bound of every key under child
 * {@code i} and every key under child {@code i} is below {@code key(i + 1)}.
 *
 * <p>A node read from (or written to) the block store is frozen and may be shared by any number of
 * trees and caches; it is never changed again. Modification works on a {@link #mutableCopy()}.
 */
final class Node {

  private final int level;
  private final ArrayList<TreeKey> keys;
  private final ArrayList<byte[]> values;
  private final ArrayList<ChildSlot> slots;
  private int payloadBytes;
  private boolean frozen;

  private Node(
      int level, ArrayList<TreeKey> keys, ArrayList<byte[]> values, ArrayList<ChildSlot> slots) {
    this.level = level;
    this.keys = keys;
    this.values = values;
    this.slots = slots;
    this.payloadBytes = computePayload();
  }

  static Node emptyLeaf() {
    return new Node(0, new ArrayList<>(), new ArrayList<>(), null);
  }

  static Node leaf(List<TreeKey> keys, List<byte[]> values) {
    return new Node(0, new ArrayList<>(keys), new ArrayList<>(values), null);
  }

  static Node interior(int level, List<TreeKey> keys, List<ChildSlot> slots) {
    if (level < 1) {
      throw new IllegalArgumentException("interior level must be >= 1: " + level);
    }
    return new Node(level, new ArrayList<>(keys), null, new ArrayList<>(slots));
  }

  int level() {
    return level;
  }

  boolean isLeaf() {
    return level == 0;
  }

  int size() {
    return keys.size();
  }

  TreeKey key(int i) {
    return keys.get(i);
  }

  byte[] value(int i) {
    return values.get(i);
  }

  ChildSlot slot(int i) {
    return slots.get(i);
  }

  TreeEntry entry(int i) {
    return new TreeEntry(keys.get(i), values.get(i).clone());
  }

  /** Bytes the entries take in the encoded form (the header excluded). */
  int payloadBytes() {
    return payloadBytes;
  }

  boolean isFrozen() {
    return frozen;
  }

  void freeze() {
    frozen = true;
  }

  /** {@link Collections#binarySearch} of {@code key} among this node's keys. */
  int search(TreeKey key) {
    return Collections.binarySearch(keys, key);
  }

  /** Index of the child whose range holds {@code key}: the last separator not above it. */
  int childIndex(TreeKey key) {
    int pos = search(key);
    return pos >= 0 ? pos : Math.max(0, -pos - 2);
  }

  /** An unfrozen copy; child slots are copied too, so the copy's slots can be repointed. */
  Node mutableCopy() {
    ArrayList<ChildSlot> slotCopies = null;
    if (slots != null) {
      slotCopies = new ArrayList<>(slots.size());
      for (ChildSlot s : slots) {
        slotCopies.add(s.copy());
      }
    }
    return new Node(
        level, new ArrayList<>(keys), values == null ? null : new ArrayList<>(values), slotCopies);
  }

  void requireMutable() {
    if (frozen) {
      throw new IllegalStateException("bug: modifying a frozen (committed, shared) tree node");
    }
  }

  void insertValue(int pos, TreeKey key, byte[] value) {
    requireMutable();
    keys.add(pos, key);
    values.add(pos, value);
    payloadBytes += leafEntryBytes(value);
  }

  void replaceValue(int pos, byte[] value) {
    requireMutable();
    payloadBytes += leafEntryBytes(value) - leafEntryBytes(values.get(pos));
    values.set(pos, value);
  }

  void insertChild(int pos, TreeKey key, ChildSlot slot) {
    requireMutable();
    keys.add(pos, key);
    slots.add(pos, slot);
    payloadBytes += NodeCodec.INTERIOR_ENTRY_BYTES;
  }

  void setKey(int pos, TreeKey key) {
    requireMutable();
    keys.set(pos, key);
  }

  void remove(int pos) {
    requireMutable();
    payloadBytes -= entryBytes(pos);
    keys.remove(pos);
    if (values != null) {
      values.remove(pos);
    } else {
      slots.remove(pos);
    }
  }

  /** Appends all entries of {@code right} (same level, all keys above this node's). */
  void absorb(Node right) {
    requireMutable();
    if (right.level != level) {
      throw new IllegalStateException(
          "bug: merging nodes of levels " + level + " and " + right.level);
    }
    keys.addAll(right.keys);
    if (values != null) {
      values.addAll(right.values);
    } else {
      slots.addAll(right.slots);
    }
    payloadBytes += right.payloadBytes;
  }

  /**
   * Moves the upper half (by encoded bytes) of this node's entries into a new node and returns it.
   * Both halves keep at least one entry.
   */
  Node splitOffUpperHalf() {
    requireMutable();
    if (size() < 2) {
      throw new IllegalStateException("bug: cannot split a node of " + size() + " entries");
    }
    int half = payloadBytes / 2;
    int acc = 0;
    int at = 0;
    while (at < size() - 1 && acc + entryBytes(at) <= half) {
      acc += entryBytes(at);
      at++;
    }
    at = Math.max(1, at);
    List<TreeKey> upperKeys = new ArrayList<>(keys.subList(at, size()));
    Node upper;
    if (values != null) {
      upper = leaf(upperKeys, values.subList(at, size()));
      values.subList(at, size()).clear();
    } else {
      upper = interior(level, upperKeys, slots.subList(at, size()));
      slots.subList(at, size()).clear();
    }
    keys.subList(at, keys.size()).clear();
    payloadBytes -= upper.payloadBytes;
    return upper;
  }

  private int entryBytes(int i) {
    return values != null ? leafEntryBytes(values.get(i)) : NodeCodec.INTERIOR_ENTRY_BYTES;
  }

  private static int leafEntryBytes(byte[] value) {
    return NodeCodec.LEAF_ENTRY_OVERHEAD + value.length;
  }

  private int computePayload() {
    int sum = 0;
    for (int i = 0; i < keys.size(); i++) {
      sum += entryBytes(i);
    }
    return sum;
  }
}
