import crypto from 'node:crypto';

/**
 * SHA-1 of a string's UTF-8 bytes or of bytes, in hex: how gazette names
 * content in fingerprints, the output manifest and the cache. One-shot, so a
 * small input costs about half as much as through a Hash object.
 */
export function sha1(data: string | Uint8Array): string {
  return crypto.hash('sha1', data, 'hex');
}
