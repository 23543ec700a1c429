import { diagnostic, type Diagnostic, type Position } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import { EXPLICIT_SLUG, slugify } from './slug.js';
import type { DataDocument } from './yaml-data.js';

/** An author's profile, from the profiles file (`_data/authors.yml`). */
export interface AuthorProfile {
  /** The name as bylines give it (matched case-insensitively). */
  name: string;
  /** URL slug of the author's page. */
  slug: string;
  role: string | null;
  /** Short biography, Markdown. */
  bio: string | null;
  /** A path relative to the source folder, or an http(s) URL. */
  photo: string | null;
  email: string | null;
  /** Profile pages elsewhere (schema.org `sameAs`). */
  links: string[];
  /** Where the profile starts in its file, for messages. */
  position: Position | null;
  /** Where the bio is written in the file, to report its links there; null without a bio. */
  bioPlace: BioPlace | null;
}

/**
 * Where a bio's text sits in the profiles file. A literal block (`bio: |`)
 * keeps its lines: line L of the bio is line `line + L - 1` of the file,
 * indented by `indent`. A plain value on one line keeps its columns from
 * `column`. Any other (quoted, folded, wrapped) is pointed at by its start.
 */
export type BioPlace =
  | { kind: 'lines'; line: number; indent: number }
  | { kind: 'line'; line: number; column: number }
  | { kind: 'start'; line: number; column: number };

/** Where a bio (its value `raw`, written at `start`) sits in the profiles file's `source`. */
function bioPlaceOf(source: string, start: Position | null, raw: string): BioPlace | null {
  if (!start) return null;
  const lines = source.split('\n');
  const first = lines[start.line - 1] ?? '';
  const mark = first[start.column - 1];
  if (mark === '|') {
    // The text starts on the next line; the blank lines the bio's trimming dropped come first.
    const skipped = (/^\s*/.exec(raw)![0].match(/\n/g) ?? []).length;
    const line = start.line + 1 + skipped;
    return { kind: 'lines', line, indent: /^[ \t]*/.exec(lines[line - 1] ?? '')![0].length };
  }
  if (mark !== '"' && mark !== "'" && mark !== '>' && !raw.trim().includes('\n') && first.slice(start.column - 1).trimEnd() === raw.trim()) {
    return { kind: 'line', line: start.line, column: start.column };
  }
  return { kind: 'start', line: start.line, column: start.column };
}

/** Where a position in a bio's text (1-based) is in the profiles file. */
export function positionInFile(place: BioPlace, line: number, column: number): Position {
  if (place.kind === 'lines') return { line: place.line + line - 1, column: place.indent + column };
  if (place.kind === 'line' && line === 1) return { line: place.line, column: place.column + column - 1 };
  return { line: place.line, column: place.column };
}

const PROFILE_FIELDS = ['name', 'slug', 'role', 'bio', 'photo', 'email', 'links'];
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/**
 * Validate the profiles file: a list of profiles, each with a `name` and
 * optionally `slug`, `role`, `bio`, `photo`, `email` and `links`. Two
 * profiles for one name, or with one slug, are errors.
 * @param display The file as messages name it.
 */
export function parseProfiles(doc: DataDocument, display: string, source: string): { profiles: AuthorProfile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, position: Position | null, ruleId = 'profile-invalid') =>
    diagnostics.push(diagnostic(display, message, ruleId, { position: position ?? { line: 1, column: 1 }, source }));
  if (!Array.isArray(doc.value)) {
    fail('must be a list of author profiles ("- name: …" entries)', doc.positionAt([]));
    return { profiles: [], diagnostics };
  }
  const profiles: AuthorProfile[] = [];
  const byName = new Map<string, AuthorProfile>();
  const bySlug = new Map<string, AuthorProfile>();
  doc.value.forEach((item, index) => {
    const at = (key?: string) => (key ? doc.positionAt([index, key]) : null) ?? doc.positionAt([index]);
    const which = `profile ${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(`${which} must be a mapping of fields (name, role, bio…)`, at());
      return;
    }
    const fields = item as Record<string, unknown>;
    const errorsBefore = diagnostics.length;
    for (const key of Object.keys(fields)) {
      if (PROFILE_FIELDS.includes(key)) continue;
      const meant = closest(key, PROFILE_FIELDS);
      fail(`${which} has an unknown field "${key}"${meant ? `; did you mean "${meant}"?` : ''} (fields: ${PROFILE_FIELDS.join(', ')})`, at(key));
    }
    const text = (key: string): string | null => {
      const value = fields[key];
      if (value === undefined || value === null) return null;
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
      fail(`${which}: "${key}" must be text${typeof value === 'string' ? ', not empty' : ''}`, at(key));
      return null;
    };
    const name = text('name')?.replace(/\s+/g, ' ') ?? null;
    if (!name && fields.name === undefined) fail(`${which} has no "name": give the name as bylines write it`, at());
    const role = text('role');
    const bio = text('bio');
    const email = text('email');
    if (email && !EMAIL.test(email)) fail(`${which}: "email" ${JSON.stringify(email)} is not an email address`, at('email'));
    const photo = text('photo');
    if (photo && /^[a-z][a-z0-9+.-]*:/i.test(photo) && !/^https?:/i.test(photo)) {
      fail(`${which}: "photo" must be a path in the source folder or an http(s) URL, not ${JSON.stringify(photo)}`, at('photo'));
    }
    const links: string[] = [];
    if (fields.links !== undefined && fields.links !== null) {
      if (!Array.isArray(fields.links)) fail(`${which}: "links" must be a list of URLs`, at('links'));
      else {
        fields.links.forEach((link, i) => {
          if (typeof link === 'string' && /^https?:\/\/[^\s]+$/i.test(link.trim())) links.push(link.trim());
          else fail(`${which}: link ${i + 1} must be an http(s) URL, not ${JSON.stringify(link)}`, doc.positionAt([index, 'links', i]) ?? at('links'));
        });
      }
    }
    let slug = '';
    const rawSlug = fields.slug;
    if (rawSlug !== undefined && rawSlug !== null) {
      if (typeof rawSlug === 'string' && EXPLICIT_SLUG.test(rawSlug) && rawSlug.length <= 200) slug = rawSlug;
      else fail(`${which}: "slug" must be letters, digits, "-" or "_", not ${JSON.stringify(rawSlug)}`, at('slug'));
    } else if (name) {
      slug = slugify(name);
      if (!slug) fail(`${which}: cannot make a URL slug from the name; add a "slug"`, at('name'));
    }
    if (diagnostics.length > errorsBefore || !name || !slug) return;
    const bioPlace = bio ? bioPlaceOf(source, doc.positionAt([index, 'bio']), fields.bio as string) : null;
    const profile: AuthorProfile = { name, slug, role, bio, photo, email, links, position: at(), bioPlace };
    const key = name.normalize('NFKC').toLowerCase();
    const sameName = byName.get(key);
    const sameSlug = bySlug.get(slug.toLowerCase());
    if (sameName) {
      fail(`${which} repeats the name "${name}" of the profile at line ${sameName.position?.line}; keep one profile per author`, at('name'), 'profile-duplicate');
    } else if (sameSlug) {
      fail(`${which} has the slug "${slug}" of the profile of ${sameSlug.name} (line ${sameSlug.position?.line}); give one of them another "slug"`, at(rawSlug === undefined ? 'name' : 'slug'), 'profile-duplicate');
    } else {
      byName.set(key, profile);
      bySlug.set(slug.toLowerCase(), profile);
      profiles.push(profile);
    }
  });
  return { profiles, diagnostics };
}
