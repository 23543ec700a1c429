/** Marks where a shortened text may end without looking cut off mid-clause: spaces and sentence or clause punctuation, Western and CJK. */
const BREAK_AFTER = /[\s,.;:!?\u2014\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff09\u300d\u300f]$/u;
/** What a shortened text must not end with before its ellipsis. */
const TRAILING = /[\s,.;:!?\-\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f]+$/u;

let words: Intl.Segmenter | null = null;

/**
 * Shorten text to at most `max` characters (UTF-16 code units, ellipsis
 * included). The cut falls between words as Unicode word segmentation finds
 * them, which splits spaced languages at spaces and Chinese and Japanese at
 * word boundaries from ICU's dictionary, so it never falls inside a word or a
 * surrogate pair; a space or punctuation mark in the last two fifths is preferred.
 */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  words ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  let end = 0; // end of the last whole segment that fits
  let breakEnd = 0; // end of the last segment after which a break reads naturally
  for (const { segment, index } of words.segment(clean)) {
    const segmentEnd = index + segment.length;
    if (segmentEnd > max - 1) break;
    end = segmentEnd;
    if (BREAK_AFTER.test(segment)) breakEnd = segmentEnd;
  }
  // One word longer than the whole budget (a long URL, say): cut between characters.
  if (end === 0) end = characterBoundary(clean, max - 1);
  const cut = clean.slice(0, breakEnd > max * 0.6 ? breakEnd : end);
  return `${cut.replace(TRAILING, '')}…`;
}

/** The largest index at most `limit` that does not split a surrogate pair. */
function characterBoundary(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
