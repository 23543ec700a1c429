/**
 * The curated front page and the order of sections, from the config's
 * `front` and `sections` settings: validated here, placed by site/front-page.ts.
 */
import { didYouMean } from '../report/suggest.js';

/** How the theme lays out a block of stories. */
export const FRONT_LAYOUTS = ['lead', 'list', 'grid', 'headlines'] as const;
export type FrontLayout = (typeof FRONT_LAYOUTS)[number];

/** What fills a block: the lead story, the newest stories, one section's, or one block per section. */
export const BLOCK_TYPES = ['lead', 'latest', 'section', 'sections'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** A text in one language for all, or per language tag (`{"en": "News", "fr": "Actualités"}`). */
export type Label = string | Record<string, string>;

export interface FrontBlock {
  type: BlockType;
  /** The block's heading; null for the default (the section's label, or the theme's "More stories"). */
  title: Label | null;
  /** How many stories it shows at most. */
  size: number;
  layout: FrontLayout;
  /** `section` blocks: the section's name. */
  section: string | null;
}

export interface FrontSettings {
  blocks: FrontBlock[];
}

/** One entry of the `sections` order. */
export interface SectionSetting {
  name: string;
  /** What navigation and front-page blocks call it; null for its name. */
  label: Label | null;
}

const DEFAULTS: Record<BlockType, { size: number; layout: FrontLayout }> = {
  lead: { size: 1, layout: 'lead' },
  latest: { size: 6, layout: 'grid' },
  section: { size: 4, layout: 'list' },
  sections: { size: 4, layout: 'list' },
};
const BLOCK_KEYS = ['type', 'title', 'size', 'layout', 'section'];
const list = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a label is invalid, or null. */
function labelProblem(value: unknown, what: string): string | null {
  if (typeof value === 'string') return value.trim() ? null : `${what} must not be empty`;
  if (!isObject(value) || Object.keys(value).length === 0) return `${what} must be a text or a map of language tags to texts, e.g. {"en": "News", "fr": "Actualités"}`;
  for (const [language, text] of Object.entries(value)) {
    try {
      Intl.getCanonicalLocales(language);
    } catch {
      return `${what} has ${JSON.stringify(language)}, which is not a language tag (e.g. "en", "zh-CN")`;
    }
    if (typeof text !== 'string' || !text.trim()) return `${what}.${language} must be a non-empty text`;
  }
  return null;
}

/** The `front` setting's check: null when valid, else what is wrong (after `"front" `). */
export function checkFront(value: unknown): string | null {
  const shape = 'must be an object such as {"blocks": [{"type": "lead"}, {"title": "Top stories", "size": 6, "layout": "grid"}, {"section": "News"}]}';
  if (value === null) return null;
  if (!isObject(value)) return shape;
  const unknown = Object.keys(value).find((k) => k !== 'blocks');
  if (unknown !== undefined) return `has an unknown key "${unknown}"${didYouMean(unknown, ['blocks'])}; ${shape}`;
  const blocks = value.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 100) return `"blocks" must be a list of 1 to 100 blocks; ${shape}`;
  for (const [index, block] of blocks.entries()) {
    const where = `blocks[${index}]`;
    if (!isObject(block)) return `${where} must be an object such as {"section": "News", "size": 4, "layout": "list"}`;
    const key = Object.keys(block).find((k) => !BLOCK_KEYS.includes(k));
    if (key !== undefined) return `${where} has an unknown key "${key}"${didYouMean(key, BLOCK_KEYS)}; a block has ${list(BLOCK_KEYS)}`;
    if (block.type !== undefined && !(BLOCK_TYPES as readonly unknown[]).includes(block.type)) {
      return `${where}."type" must be one of ${list(BLOCK_TYPES)}, not ${JSON.stringify(block.type)}`;
    }
    const type = blockType(block);
    if (type === 'section' && (typeof block.section !== 'string' || !block.section.trim())) return `${where} needs a "section": the name of the section it shows`;
    if (type !== 'section' && block.section !== undefined) return `${where}."section" is only for blocks of one section ("type": "section")`;
    if (block.size !== undefined && !(typeof block.size === 'number' && Number.isInteger(block.size) && block.size >= 1 && block.size <= 100)) {
      return `${where}."size" must be a whole number from 1 to 100, not ${JSON.stringify(block.size)}`;
    }
    if (block.layout !== undefined && !(FRONT_LAYOUTS as readonly unknown[]).includes(block.layout)) {
      return `${where}."layout" must be one of ${list(FRONT_LAYOUTS)}, not ${JSON.stringify(block.layout)}`;
    }
    if (block.title !== undefined && block.title !== null) {
      const problem = labelProblem(block.title, `${where}."title"`);
      if (problem) return problem;
    }
  }
  return null;
}

function blockType(block: Record<string, unknown>): BlockType {
  if (typeof block.type === 'string') return block.type as BlockType;
  return block.section !== undefined ? 'section' : 'latest';
}

/** The `front` setting, validated by `checkFront`, with defaults filled in; null when absent. */
export function frontSettings(value: unknown): FrontSettings | null {
  if (!isObject(value) || !Array.isArray(value.blocks)) return null;
  return {
    blocks: (value.blocks as Record<string, unknown>[]).map((block) => {
      const type = blockType(block);
      return {
        type,
        title: (block.title as Label | undefined) ?? null,
        size: (block.size as number | undefined) ?? DEFAULTS[type].size,
        layout: (block.layout as FrontLayout | undefined) ?? DEFAULTS[type].layout,
        section: type === 'section' ? (block.section as string).trim() : null,
      };
    }),
  };
}

/** The `sections` setting's check. */
export function checkSections(value: unknown): string | null {
  const shape = 'must be a list of section names or {"name": "News", "label": {"en": "News", "fr": "Actualités"}} entries';
  if (!Array.isArray(value)) return shape;
  if (value.length > 1000) return 'must list at most 1000 sections';
  const seen = new Set<string>();
  for (const [index, entry] of value.entries()) {
    const where = `[${index}]`;
    let name: unknown = entry;
    if (isObject(entry)) {
      const key = Object.keys(entry).find((k) => k !== 'name' && k !== 'label');
      if (key !== undefined) return `${where} has an unknown key "${key}"${didYouMean(key, ['name', 'label'])}; an entry has "name" and "label"`;
      name = entry.name;
      if (entry.label !== undefined && entry.label !== null) {
        const problem = labelProblem(entry.label, `${where}."label"`);
        if (problem) return problem;
      }
    }
    if (typeof name !== 'string' || !name.trim()) return `${where} must be a section's name, or an object with a "name"; ${shape}`;
    const key = name.trim().normalize('NFKC').toLowerCase();
    if (seen.has(key)) return `${where}: "${name.trim()}" is listed twice`;
    seen.add(key);
  }
  return null;
}

/** The `sections` setting, validated by `checkSections`. */
export function sectionSettings(value: unknown): SectionSetting[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) =>
    typeof entry === 'string' ? { name: entry.trim(), label: null } : { name: String(entry.name).trim(), label: (entry.label as Label | undefined) ?? null },
  );
}

/** A label in `language`: its text for the language (or its primary language), else null. */
export function labelIn(label: Label | null, language: string): string | null {
  if (label === null) return null;
  if (typeof label === 'string') return label.trim();
  const wanted = language.toLowerCase();
  const primary = wanted.split('-')[0];
  const entries = Object.entries(label);
  const found = entries.find(([tag]) => tag.toLowerCase() === wanted) ?? entries.find(([tag]) => tag.toLowerCase() === primary);
  return found ? found[1].trim() : null;
}
