/** The size an SVG shows at, in CSS pixels, from its root element's width, height and viewBox. */

/** CSS pixels per unit (CSS Values 4: 1in = 96px = 2.54cm = 72pt = 6pc); 1em is the browsers' default 16px. */
const PX_PER_UNIT: Record<string, number> = {
  '': 1,
  px: 1,
  pt: 96 / 72,
  pc: 16,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  em: 16,
};

/**
 * The displayed size of an SVG: its `width` and `height` converted to CSS
 * pixels, the viewBox's ratio giving the one that is missing or a
 * percentage, the viewBox's own numbers when both are; null when the root
 * element says too little (no sizes, no usable viewBox).
 */
export function svgSize(text: string): { width: number; height: number } | null {
  const root = rootTag(text);
  if (root === null) return null;
  const width = length(attribute(root, 'width'));
  const height = length(attribute(root, 'height'));
  const box = viewBox(attribute(root, 'viewBox'));
  const ratio = box ? box.width / box.height : null;
  let size: { width: number; height: number } | null = null;
  if (width !== null && height !== null) size = { width, height };
  else if (width !== null && ratio !== null) size = { width, height: width / ratio };
  else if (height !== null && ratio !== null) size = { width: height * ratio, height };
  else if (box) size = box;
  if (size === null) return null;
  const rounded = { width: Math.round(size.width), height: Math.round(size.height) };
  return rounded.width > 0 && rounded.height > 0 ? rounded : null;
}

/** The `<svg …>` start tag, past any XML declaration, comments, doctype and processing instructions. */
function rootTag(text: string): string | null {
  const match = /<svg(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>/i.exec(text.replace(/<!--[\s\S]*?-->/g, ''));
  return match ? match[0] : null;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`).exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? null) : null;
}

/** An absolute length in CSS pixels; null for none, a percentage, `auto` or anything unreadable. */
function length(value: string | null): number | null {
  if (value === null) return null;
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return null;
  const factor = PX_PER_UNIT[match[2]!.toLowerCase()];
  const number = Number(value.trim().slice(0, value.trim().length - match[2]!.length));
  if (factor === undefined || !Number.isFinite(number) || number <= 0) return null;
  return number * factor;
}

function viewBox(value: string | null): { width: number; height: number } | null {
  if (value === null) return null;
  const numbers = value.trim().split(/[\s,]+/).map(Number);
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) return null;
  const [, , width, height] = numbers as [number, number, number, number];
  return width > 0 && height > 0 ? { width, height } : null;
}
