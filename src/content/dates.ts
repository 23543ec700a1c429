/** A moment parsed from front matter: the instant, and whether a time of day was given. */
export interface ParsedDate {
  epochMs: number;
  hasTime: boolean;
}

// Month, day and hour may have one digit (2024-3-5 9:00), as people and YAML write them: with the
// year first, such a date reads only one way.
const DATE_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parse a front-matter date: `2023-02-09`, `2023-02-09 08:30`, `2023-02-09T08:30:00+08:00`, `...Z`
 * (`2023-2-9 8:30` too).
 * A date without an offset is read in the site's time zone.
 * @returns The parsed date, or an error message saying what is wrong.
 */
export function parseDate(text: string, timeZone: string): ParsedDate | { error: string } {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) {
    return { error: `"${text}" is not a date; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+08:00` };
  }
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const millisecond = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  if (year < 1000) {
    return { error: `"${text}" has a year before 1000; write all four digits` };
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { error: `"${text}" is not a real calendar date` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { error: `"${text}" has an impossible time of day` };
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  let epochMs: number;
  if (offset && !validOffset(offset)) {
    return { error: `"${text}" has an impossible UTC offset; offsets run from -12:00 to +14:00` };
  }
  if (offset) {
    epochMs = wall - parseOffset(offset) * 60_000;
  } else {
    epochMs = zonedWallTimeToEpoch(wall, timeZone);
  }
  return { epochMs, hasTime: h !== undefined };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validOffset(offset: string): boolean {
  if (offset.toUpperCase() === 'Z') return true;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || 0);
  return hours <= 14 && minutes <= 59;
}

/** `Z`, `+08`, `+0800`, `+08:00` → minutes east of UTC. */
function parseOffset(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetMemo = new Map<string, Map<number, number>>();
// Zone offsets change only at transitions, which fall on quarter hours (UTC) in every zone.
const QUARTER_HOUR = 15 * 60_000;

/** Minutes east of UTC that `timeZone` observes at `epochMs`. */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  let memo = offsetMemo.get(timeZone);
  if (!memo) offsetMemo.set(timeZone, (memo = new Map()));
  const bucket = Math.floor(epochMs / QUARTER_HOUR);
  let offset = memo.get(bucket);
  if (offset === undefined) {
    offset = computeOffset(bucket * QUARTER_HOUR, timeZone);
    if (memo.size > 100_000) memo.clear();
    memo.set(bucket, offset);
  }
  return offset;
}

function computeOffset(epochMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** The instant at which the clocks of `timeZone` show the wall time `wall` (given as if UTC). */
function zonedWallTimeToEpoch(wall: number, timeZone: string): number {
  let guess = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  guess = wall - zoneOffsetMinutes(guess, timeZone) * 60_000;
  return guess;
}

/** Calendar fields of an instant as seen in `timeZone`. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
}

export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const offsetMinutes = zoneOffsetMinutes(epochMs, timeZone);
  const shifted = new Date(epochMs + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    offsetMinutes,
  };
}

/** Whether two instants fall on the same calendar day in `timeZone`. */
export function sameZonedDay(a: number, b: number, timeZone: string): boolean {
  const x = zonedParts(a, timeZone);
  const y = zonedParts(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 in the site's time zone with its offset, e.g. `2023-02-09T09:00:00+08:00`. */
export function isoInZone(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(p.offsetMinutes);
  const offset = p.offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offset}`;
}
