import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sha1 } from '../hash.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { sanitizeSvg, SVG_SANITIZER_VERSION, SvgProblem, type SvgRemoval } from './svg-sanitize.js';

/** What the SVG stage needs to know of a build. */
export interface SvgStageInput {
  srcDir: string;
  /** Source paths of every non-Markdown source file; the SVGs among them are taken. */
  assets: string[];
  /** The build cache folder, or null (`--no-cache`: the files go to a temporary folder). */
  cacheDir: string | null;
  /** False for `check`, which writes nothing: only what would be removed is found. */
  write: boolean;
  display: (file: string) => string;
}

/** The SVGs of a site, sanitized. */
export interface PreparedSvgs {
  /** Source path → the sanitized file to publish in its place. */
  files: Map<string, string>;
  /** A warning per file that lost something, an error per file that cannot be read as XML. */
  diagnostics: Diagnostic[];
}

/** A sanitized file as kept in the cache, beside the record of what was removed. */
interface SvgRecord {
  format: string;
  removed: SvgRemoval[];
}

const SVG = /\.svgz?$/i;
/** Temporary folders of builds without a cache folder, removed when the process ends. */
const temporaryDirs = new Set<string>();

/**
 * Sanitize every SVG among the sources (see `sanitizeSvg`), so that none can
 * run a script in the site's origin when opened. Each result is kept in
 * `<cache>/svg/`, named by a hash of the source's bytes and the sanitizer's
 * version, with the list of what was removed: an unchanged SVG is hashed
 * but not parsed again, and its published copy keeps its stamp, so the
 * output stage reuses it. `.svgz` files are unpacked, sanitized and packed
 * again. Call it only when raw HTML is not trusted (`trustHtml` publishes SVGs as they are).
 */
export function prepareSvgs(input: SvgStageInput): PreparedSvgs {
  const files = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const svgs = input.assets.filter((rel) => SVG.test(rel));
  if (svgs.length === 0) return { files, diagnostics };
  let dir = input.write ? storeDir(input.cacheDir) : null;
  const used = new Set<string>();
  for (const rel of svgs) {
    const source = path.join(input.srcDir, ...rel.split('/'));
    const shown = input.display(source);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(source);
    } catch {
      continue; // gone since the sources were listed: the copy stage reports it as it does any file
    }
    const packed = /z$/i.test(rel);
    const key = sha1(`${SVG_SANITIZER_VERSION}\0${packed ? `zlib ${process.versions.zlib}` : ''}\0${sha1(bytes)}`);
    const name = `${key}${packed ? '.svgz' : '.svg'}`;
    const kept = dir ? readRecord(path.join(dir, `${key}.json`)) : null;
    let removed: SvgRemoval[];
    if (dir && kept && fs.existsSync(path.join(dir, name))) {
      removed = kept.removed;
    } else {
      let clean: { bytes: Buffer; removed: SvgRemoval[] };
      try {
        clean = sanitizeSvg(packed ? unpack(bytes) : bytes);
      } catch (error) {
        if (!(error instanceof SvgProblem)) throw error;
        const position = error.line === null ? null : { line: error.line, column: error.column ?? 1 };
        diagnostics.push(
          diagnostic(shown, `${error.message}, so gazette cannot check it for scripts: fix or export it again (or set "trustHtml" to publish SVGs as they are)`, 'svg-invalid', {
            position,
            source: position ? safeText(bytes) : undefined,
          }),
        );
        continue;
      }
      removed = clean.removed;
      if (dir) {
        const data = packed ? zlib.gzipSync(clean.bytes, { level: 9 }) : clean.bytes;
        if (!keep(dir, key, name, data, removed)) {
          // A cache that cannot be written (read-only, full) only makes the next build slower.
          dir = storeDir(null);
          keep(dir, key, name, data, removed);
        }
      }
    }
    if (dir) {
      files.set(rel, path.join(dir, name));
      used.add(name).add(`${key}.json`);
    }
    if (removed.length) {
      const first = removed.find((r) => r.line !== null);
      diagnostics.push(
        diagnostic(shown, `removed what could run a script or load a file from elsewhere when the SVG is opened: ${[...new Set(removed.map((r) => r.what))].join(', ')}`, 'svg-sanitized', {
          severity: 'warning',
          position: first ? { line: first.line!, column: first.column ?? 1 } : null,
        }),
      );
    }
  }
  if (dir) prune(dir, used);
  return { files, diagnostics };
}

/** Write a sanitized file and its record into `dir` (the record first: a file there always has one); false when it cannot. */
function keep(dir: string, key: string, name: string, data: Buffer, removed: SvgRemoval[]): boolean {
  const temp = path.join(dir, `${name}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify({ format: SVG_SANITIZER_VERSION, removed } satisfies SvgRecord));
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, path.join(dir, name));
    return true;
  } catch {
    fs.rmSync(temp, { force: true });
    return false;
  }
}

/** Where sanitized SVGs are kept: the cache's `svg/` folder, or (without one, or when it cannot be made) a temporary folder removed at exit. */
function storeDir(cacheDir: string | null): string {
  if (cacheDir) {
    const dir = path.join(cacheDir, 'svg');
    try {
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // Read-only: a temporary folder serves this build.
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-svg-'));
  if (temporaryDirs.size === 0) process.once('exit', () => temporaryDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  temporaryDirs.add(dir);
  return dir;
}

function readRecord(file: string): SvgRecord | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as SvgRecord;
    return data.format === SVG_SANITIZER_VERSION && Array.isArray(data.removed) ? data : null;
  } catch {
    return null;
  }
}

/** Remove what no SVG of this build uses (replaced or removed files, another sanitizer's results). */
function prune(dir: string, used: Set<string>): void {
  try {
    for (const name of fs.readdirSync(dir)) if (!used.has(name)) fs.rmSync(path.join(dir, name), { force: true, recursive: true });
  } catch {
    // A cache that cannot be tidied only takes more room.
  }
}

/** A gzipped SVG's bytes. @throws SvgProblem when they are not gzip. */
function unpack(bytes: Buffer): Buffer {
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: 64 << 20 });
  } catch {
    throw new SvgProblem('is not a gzip-compressed SVG (or unpacks to more than 64 MB)');
  }
}

/** The file as text for the excerpt under an error, when it is text. */
function safeText(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}
