package dev.kiln.smb.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory user directory that records failures and successes. */
final class TestAccounts implements SmbAccounts {

  final Map<String, SmbAccount> users = new HashMap<>();
  final List<String> failures = new ArrayList<>();
  final List<String> successes = new ArrayList<>();

  TestAccounts add(String name, String password) {
    users.put(
        name,
        new SmbAccount(
            name, 1000 + users.size(), List.of(), NtHash.of(password.toCharArray()), false, false));
    return this;
  }

  @Override
  public Optional<SmbAccount> find(String user) {
    return Optional.ofNullable(users.get(user));
  }

  @Override
  public void failed(String user, String remote) {
    failures.add(user + "@" + remote);
  }

  @Override
  public void succeeded(String user, String remote) {
    successes.add(user + "@" + remote);
  }
}
