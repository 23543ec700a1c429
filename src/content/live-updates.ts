import type { Position } from '../report/diagnostics.js';
import { parseDate, zonedParts } from './dates.js';
import type { FieldReader } from './fields.js';

/** One timestamped update of a live story. */
export interface LiveUpdate {
  /** When it was posted (held back until then, like a scheduled story). */
  time: number;
  /** The heading's text after the time ('' when the heading is only a time). */
  title: string;
  /** The time as written, which starts the update's heading in the body. */
  timeText: string;
  /** Its fragment id on the page: from its time, so a retitled update keeps its links. */
  anchor: string;
  /** Where its heading is in the source file (1 for an update file). */
  line: number;
  /** An update of the folder form: its file, author (null: the story's byline) and Markdown body; null for a heading in the story. */
  file: { sourcePath: string; displayPath: string; author: string | null; body: string } | null;
}

/** A live story (front matter `kind: live`): its coverage window and its updates in source order. */
export interface LiveStory {
  /** When coverage starts (front matter `coverageStart`, else the story's date). */
  coverageStart: number;
  /** When coverage ends (front matter `coverageEnd`), or null while it goes on: the "Live" badge and polling stop then. */
  coverageEnd: number | null;
  updates: LiveUpdate[];
}

/** The live story's own front-matter fields. */
export const LIVE_FIELDS = ['coverageStart', 'coverageEnd'] as const;

/**
 * An update heading: `## 14:05 Title` (the story's day, in the site's time
 * zone) or `## 2024-03-01 14:05 Title` / `## 2024-03-01T14:05+01:00 Title`.
 */
const UPDATE_TIME = /^(?:(\d{4}-\d{2}-\d{2})(?:T|[ \t]+))?(\d{1,2}):(\d{2})(?::(\d{2}))?[ \t]*(Z|[+-]\d{2}(?::?\d{2})?)?(?=[ \t]|$)/i;
/** What a writer meant as a time but mistyped: `## 14.05`, `## 2024-3-1 9:00`, `## 25:00`. */
const TIME_LIKE = /^(?:\d{4}-\d{1,2}-\d{1,2}\b|\d{1,2}[:.h]\d{1,2}\b)/i;

/**
 * Front matter `coverageStart` and `coverageEnd`, and the updates of a live
 * story's body: each level-2 heading at the start of a line that begins with
 * a time. Headings in fenced code and in `:::` containers are not updates.
 * Problems go to `r.fail` (errors) and `warn` (warnings) at their line:column.
 * @param body The Markdown body, front matter blanked so lines match the file.
 * @param published The story's date; `HH:MM` headings are on its day.
 */
export function readLiveStory(
  r: FieldReader,
  live: boolean,
  body: string,
  published: number | null,
  warn: (message: string, ruleId: string, position: Position) => void,
): LiveStory | null {
  const given = LIVE_FIELDS.filter((f) => r.data[f] !== undefined && r.data[f] !== null);
  if (!live) {
    for (const field of given) r.fail(`"${field}" is for live stories only; add "kind: live"`, 'front-matter-live', r.where(field));
    return null;
  }
  const instant = (field: (typeof LIVE_FIELDS)[number]): number | null => {
    const value = r.data[field];
    if (value === undefined || value === null) return null;
    const parsed = typeof value === 'string' ? parseDate(value, r.timeZone) : null;
    if (!parsed || 'error' in parsed) {
      r.fail(`"${field}" must be a date and time such as 2024-03-05T18:00${parsed ? `: ${parsed.error}` : `, not ${r.describe(value)}`}`, 'front-matter-date', r.where(field));
      return null;
    }
    return parsed.epochMs;
  };
  const coverageStart = instant('coverageStart') ?? published ?? 0;
  const coverageEnd = instant('coverageEnd');
  if (coverageEnd !== null && coverageEnd <= coverageStart) {
    r.fail('"coverageEnd" must be later than the start of coverage ("coverageStart", else "date")', 'front-matter-date', r.where('coverageEnd'));
  }
  return { coverageStart, coverageEnd, updates: published === null ? [] : readUpdates(r, body, published, warn) };
}

function readUpdates(r: FieldReader, body: string, published: number, warn: (message: string, ruleId: string, position: Position) => void): LiveUpdate[] {
  const updates: LiveUpdate[] = [];
  const anchors = new Map<string, number>();
  let fence: string | null = null;
  let containers = 0;
  body.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (fence !== null) {
      // A fence closes with at least as many of its characters, and nothing else.
      if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`).test(text)) fence = null;
      return;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(text);
    if (opening) {
      fence = opening[1]!;
      return;
    }
    if (/^:{3,}[ \t]*$/.test(text)) containers = Math.max(0, containers - 1);
    else if (/^:{3,}[ \t]*[A-Za-z]/.test(text)) containers++;
    if (containers > 0) return;
    const heading = /^##[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(text);
    if (!heading) return;
    const content = heading[1]!;
    const position = { line, column: text.indexOf(content, 2) + 1 };
    // A heading that does not start with something like a time is an ordinary heading of the update.
    if (!UPDATE_TIME.test(content) && !TIME_LIKE.test(content)) return;
    const parsed = readUpdateTime(content, published, r.timeZone);
    if ('error' in parsed) {
      r.fail(`this update's ${parsed.error}`, 'live-update-time', position);
      return;
    }
    let anchor = parsed.anchor;
    const first = anchors.get(anchor);
    if (first !== undefined) {
      // Two reporters posting in the same minute is common: both are published, the second under a numbered anchor.
      let n = 2;
      while (anchors.has(`${anchor}-${n}`)) n++;
      warn(`this update has the same time as the one at line ${first}, so its link is #${anchor}-${n}; give one of them seconds (14:05:30) to tell them apart`, 'live-update-anchor', position);
      anchor = `${anchor}-${n}`;
    }
    anchors.set(anchor, line);
    updates.push({ time: parsed.time, title: content.slice(parsed.timeText.length).trim(), timeText: parsed.timeText, anchor, line, file: null });
  });
  return updates;
}

/**
 * Read an update's time at the start of `text`: `14:05` (on the story's day,
 * in `timeZone`), `14:05:30`, `2024-03-01 14:05`, `2024-03-01T14:05+01:00`.
 * @returns The instant, the time as written, and the update's anchor (from its time); or why it is not a time.
 */
export function readUpdateTime(text: string, published: number, timeZone: string): { time: number; timeText: string; anchor: string } | { error: string } {
  const match = UPDATE_TIME.exec(text);
  if (!match) {
    return { error: `time ${JSON.stringify(text.split(/[ \t]/)[0])} is not a time; start with HH:MM (14:05) or a date and time (2024-03-01 14:05)` };
  }
  const [timeText, date, hour, minute, second, offset] = match;
  const day = zonedParts(published, timeZone);
  const storyDay = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
  const written = `${date ?? storyDay}T${hour!.padStart(2, '0')}:${minute}${second ? `:${second}` : ''}${offset ?? ''}`;
  const parsed = parseDate(written, timeZone);
  if ('error' in parsed) {
    return { error: `time ${JSON.stringify(timeText.trim())} is not a time of day (hours 00-23, minutes 00-59)${date ? ' or its date is not a real one' : ''}` };
  }
  const at = zonedParts(parsed.epochMs, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const anchor = `update-${at.year}${pad(at.month)}${pad(at.day)}-${pad(at.hour)}${pad(at.minute)}${second ? pad(at.second) : ''}`;
  return { time: parsed.epochMs, timeText: timeText.trim(), anchor };
}
