/**
 * Message signing and encryption ([MS-SMB2] 3.1.4): key derivation (SP800-108 counter mode with
 * HMAC-SHA256), HMAC-SHA256, AES-128-CMAC and AES-128-GMAC signatures, and the transform header
 * with AES-128/256-CCM/GCM.
 */
package dev.kiln.smb.crypto;
