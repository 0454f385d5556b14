import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for the social accounts' OAuth tokens at rest. The key (32 bytes, base64 or hex) comes
 * from REELWRIGHT_SECRET_KEY; a ciphertext is `v1.<iv>.<tag>.<data>` in base64url, so a tampered or
 * foreign value fails to decrypt instead of yielding garbage.
 */

const VERSION = "v1";

export class SecretKeyError extends Error {}

/** Reads the key; names the variable and what is wrong with it. */
export function parseSecretKey(value: string | undefined): Buffer {
  if (!value)
    throw new SecretKeyError(
      "REELWRIGHT_SECRET_KEY is not set: it encrypts the connected social accounts' tokens. Create one with `openssl rand -base64 32`.",
    );
  const key = /^[0-9a-f]{64}$/i.test(value)
    ? Buffer.from(value, "hex")
    : Buffer.from(value, "base64");
  if (key.length !== 32)
    throw new SecretKeyError(
      `REELWRIGHT_SECRET_KEY must be 32 bytes in base64 or hex (it decodes to ${key.length} bytes)`,
    );
  return key;
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((part) =>
      typeof part === "string" ? part : part.toString("base64url"),
    )
    .join(".");
}

export function decryptSecret(sealed: string, key: Buffer): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined)
    throw new SecretKeyError(
      "The stored token is not in a format this version reads",
    );
  try {
    const decipher = createDecipheriv(
      "aes-256-gcm",
      key,
      Buffer.from(iv, "base64url"),
    );
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(data, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretKeyError(
      "A stored token does not decrypt with REELWRIGHT_SECRET_KEY: the key changed or the data was altered",
    );
  }
}
