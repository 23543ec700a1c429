import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../safe-path.js';

/** A file of the old site's uploads to copy into the sources. */
export interface MediaCopy {
  /** Absolute path in the uploads folder. */
  from: string;
  /** Path in the output folder, '/'-separated (`images/2024/05/harbour.jpg`). */
  to: string;
}

const UPLOADS = '/wp-content/uploads/';
// WordPress's resized copies are named `photo-300x200.jpg` beside `photo.jpg`.
const SIZE_SUFFIX = /-\d+x\d+(?=\.[a-z0-9]+$)/i;

/**
 * Finds the files of a local copy of WordPress's uploads folder that the
 * imported posts point at, and plans where each goes among the sources
 * (`images/` plus its path below `uploads/`, so `2024/05/x.jpg` →
 * `images/2024/05/x.jpg`).
 */
export class MediaLibrary {
  private readonly planned = new Map<string, MediaCopy>();
  private readonly root: string;

  /**
   * @param uploadsDir The local uploads folder (`--media`).
   * @param siteUrl The old site's home: only its own uploads are looked up.
   */
  constructor(uploadsDir: string, private readonly siteUrl: string | null) {
    this.root = fs.realpathSync(uploadsDir);
  }

  /**
   * The output path of the local copy of `url`, planning the copy; null when `url`
   * is not one of the site's uploads, or the uploads folder does not hold it.
   */
  find(url: URL): string | null {
    const at = url.pathname.indexOf(UPLOADS);
    if (at === -1 || !this.isOwnSite(url)) return null;
    let segments: string[];
    try {
      segments = url.pathname.slice(at + UPLOADS.length).split('/').map(decodeURIComponent);
    } catch {
      return null;
    }
    if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s))) return null;
    // A multisite keeps each site's files under sites/<n>/; the folder given may be either.
    const candidates = [segments];
    if (segments[0] === 'sites' && /^\d+$/.test(segments[1] ?? '')) candidates.push(segments.slice(2));
    for (const candidate of candidates) {
      for (const name of [candidate, [...candidate.slice(0, -1), candidate[candidate.length - 1]!.replace(SIZE_SUFFIX, '')]]) {
        const from = path.join(this.root, ...name);
        if (!isWithin(from, this.root) || !isFile(from)) continue;
        const to = ['images', ...name].join('/');
        this.planned.set(to, { from, to });
        return to;
      }
    }
    return null;
  }

  /** Every copy planned so far, by output path. */
  copies(): MediaCopy[] {
    return [...this.planned.values()].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  }

  private isOwnSite(url: URL): boolean {
    if (!this.siteUrl) return true;
    try {
      return new URL(this.siteUrl).host === url.host;
    } catch {
      return true;
    }
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
