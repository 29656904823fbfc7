/**
 * Message signing and encryption ([MS-SMB2] 3.1.4): key derivation (SP800-108 counter mode with
 * HMAC-SHA256), HMAC-SHA256, AES-128-CMAC and AES-128-GMAC signatures, and the transform header
 * with AES-128/256-CCM/GCM.
 *
 * <p>Design notes: {@link dev.kiln.smb.crypto.SessionKeys#derive} turns the authentication's
 * session key (and, for 3.1.1, the preauthentication hash of {@link
 * dev.kiln.smb.crypto.PreauthIntegrity}) into the server-side signing, encryption, decryption and
 * application keys; {@link dev.kiln.smb.crypto.KeyDerivingSessionCrypto} is what the server plugs
 * in. Signers read the direction and CANCEL bit for the GMAC nonce from the header itself, so one
 * signer checks requests and signs responses. Transform nonces are a per-session counter (never
 * random, so never repeated under a key). The JDK does GCM and HMAC; BouncyCastle does CMAC and
 * CCM, which the JDK lacks. Tests compare against the Python cryptography package (OpenSSL) and RFC
 * 4493's CMAC vectors.
 */
package dev.kiln.smb.crypto;
