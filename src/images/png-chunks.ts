/** Publishing a PNG as it is, without its metadata: only the chunks that draw the picture are kept. */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/**
 * Chunks that make the picture: header, palette, transparency, pixels, end.
 * Everything else goes: text and XMP, EXIF, times, colour profiles and
 * gamma (the variants made from the pixels carry none either), animation.
 */
const KEPT = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

/**
 * A PNG's bytes with only the chunks that draw its picture; null when it is
 * not a well-formed PNG. Whether the bare picture still shows as the photo
 * did (an EXIF turn, a colour profile) is for the caller to check.
 */
export function strippedPng(bytes: Buffer): Buffer | null {
  if (bytes.length < SIGNATURE.length || !bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return null;
  const kept: Buffer[] = [SIGNATURE];
  let at = SIGNATURE.length;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) return null;
    if (KEPT.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return kept.length > 3 ? Buffer.concat(kept) : null;
  }
  return null;
}
