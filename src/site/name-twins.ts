/**
 * Why two source files that claim one output look alike, for the message that names both: names
 * that differ only in how their accents are stored (NFC and NFD: a Mac may write "é" as "e" and an
 * accent) print the same, and names that differ only in case are one file on macOS and Windows.
 * Such a pair is most often two copies of one file. Empty for other names.
 */
export function twinNames(a: string, b: string): string {
  if (a === b) return '';
  if (a.normalize('NFC') === b.normalize('NFC')) return ' (the same name, its accents stored two ways, NFC and NFD, as copies from a Mac can leave them)';
  if (a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase()) return ' (names that differ only in case, one file on macOS and Windows)';
  return '';
}
