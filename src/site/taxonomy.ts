import { createHash } from 'node:crypto';
import { slugify } from '../content/slug.js';

/** A section, tag or author: its display name, unique slug and members. */
export interface Term<T> {
  name: string;
  slug: string;
  items: T[];
}

/**
 * Group items by a name (case- and width-insensitively), giving each group a
 * slug that is unique within the taxonomy: names that slug alike ("C++" and
 * "C") get "c" and "c-2", in sorted order so slugs are stable across builds.
 * Names with no letters or digits get a short hash.
 * @param namesOf The names an item carries (zero or more).
 * @param prefix Used for hash fallbacks, e.g. 'tag-1a2b3c4d'.
 * @param reserved Terms whose name and slug are fixed (authors with a profile): they
 *   exist even with no items, and other names never get their slugs.
 */
export function groupTerms<T>(items: T[], namesOf: (item: T) => string[], prefix: string, reserved: { name: string; slug: string }[] = []): Term<T>[] {
  const groups = new Map<string, { variants: Map<string, number>; items: T[] }>();
  const fixed = new Map<string, { name: string; slug: string }>();
  for (const term of reserved) {
    fixed.set(termKey(term.name), term);
    groups.set(termKey(term.name), { variants: new Map(), items: [] });
  }
  for (const item of items) {
    for (const name of namesOf(item)) {
      const key = termKey(name);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { variants: new Map(), items: [] }));
      group.variants.set(name, (group.variants.get(name) ?? 0) + 1);
      group.items.push(item);
    }
  }
  const keys = [...groups.keys()].sort();
  const used = new Set<string>(reserved.map((t) => t.slug.toLowerCase()));
  const terms: Term<T>[] = [];
  for (const key of keys) {
    const group = groups.get(key)!;
    const own = fixed.get(key);
    if (own) {
      terms.push({ name: own.name, slug: own.slug, items: group.items });
      continue;
    }
    const base = slugify(key) || `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    terms.push({ name: mostUsed(group.variants), slug, items: group.items });
  }
  return terms;
}

function mostUsed(variants: Map<string, number>): string {
  return [...variants].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]![0];
}

/** Names that differ only in case or Unicode width are the same term. */
export function termKey(name: string): string {
  let key = termKeys.get(name);
  if (key === undefined) {
    // A site has few distinct names, each looked up once per article that carries it and per link to it.
    if (termKeys.size >= 50_000) termKeys.clear();
    termKeys.set(name, (key = name.normalize('NFKC').toLowerCase()));
  }
  return key;
}

const termKeys = new Map<string, string>();
