package dev.kiln.smb.auth;

import java.util.Locale;

/**
 * The names the server reports in the CHALLENGE message's TargetInfo ([MS-NLMP] 2.2.2.1).
 *
 * @param netbiosComputer NetBIOS computer name (at most 15 characters, upper case)
 * @param netbiosDomain NetBIOS domain name; a standalone server reports its computer name
 * @param dnsComputer DNS host name
 * @param dnsDomain DNS domain name
 */
public record NtlmTargetNames(
    String netbiosComputer, String netbiosDomain, String dnsComputer, String dnsDomain) {

  /** Names of a standalone server called {@code hostname}, the way Windows and Samba report it. */
  public static NtlmTargetNames forHost(String hostname) {
    String host = hostname.isBlank() ? "kiln" : hostname.strip();
    int dot = host.indexOf('.');
    String label = dot > 0 ? host.substring(0, dot) : host;
    String netbios = label.toUpperCase(Locale.ROOT);
    if (netbios.length() > 15) {
      netbios = netbios.substring(0, 15);
    }
    String dnsDomain = dot > 0 ? host.substring(dot + 1) : host;
    return new NtlmTargetNames(netbios, netbios, host, dnsDomain);
  }
}
