import type { FocalPoint } from '../images/record.js';

/**
 * Read front matter's `imageFocus`: where the subject of the lead photo is,
 * as "x,y" fractions of its width and height (0,0 top left, 1,1 bottom
 * right), or a list of the two numbers. Social crops are cut around it.
 * @returns The point, null when absent, or the problem to report.
 */
export function parseImageFocus(value: unknown): FocalPoint | null | { problem: string } {
  if (value === undefined || value === null) return null;
  const parts = typeof value === 'string' ? value.split(',').map((part) => part.trim()) : Array.isArray(value) ? value : null;
  const numbers = parts?.map((part) => (typeof part === 'number' ? part : typeof part === 'string' && part !== '' ? Number(part) : NaN));
  if (!numbers || numbers.length !== 2 || !numbers.every((n) => Number.isFinite(n) && n >= 0 && n <= 1)) {
    return { problem: `"imageFocus" must be two numbers from 0 to 1, "x,y" (e.g. "0.3,0.6": left of centre, below the middle), not ${JSON.stringify(value)}` };
  }
  return { x: numbers[0]!, y: numbers[1]! };
}
