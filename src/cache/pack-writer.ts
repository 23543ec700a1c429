import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** Bytes gathered before they are written: few system calls, and never more than this held at once. */
const BATCH_BYTES = 1 << 20;

/**
 * Writes a file front to back in batches, from a given position, hashing the part
 * given as header. The article cache writes a pack this way, its header entry by entry
 * and then its bodies one at a time, rather than making it whole first: at the end of a
 * cold build at 100,000 articles the 64 packs, made in turn, were each a header string
 * of megabytes made twice (as JSON, then escaped) and their bodies copied into one buffer,
 * garbage that grew the main thread's heap by hundreds of MiB at the build's peak.
 */
export class PackWriter {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** Where the next batch goes. */
  private position: number;
  private readonly hash = createHash('sha1');
  /** Bytes given as header so far. */
  headerBytes = 0;

  constructor(
    private readonly fd: number,
    start: number,
  ) {
    this.position = start;
  }

  /** Append part of the header: `text` holds only characters below U+0100, written one byte each. */
  header(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    this.hash.update(bytes);
    this.headerBytes += bytes.length;
    this.add(bytes);
  }

  /** The header's SHA-1 in hex, once all of it was given. */
  headerDigest(): string {
    return this.hash.digest('hex');
  }

  /** Append bytes that are not part of the header. */
  body(bytes: Buffer): void {
    this.add(bytes);
  }

  /** Write what is still gathered. */
  end(): void {
    if (this.batchBytes === 0) return;
    writeAll(this.fd, this.batch, this.position);
    this.position += this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
  }

  private add(bytes: Buffer): void {
    this.batch.push(bytes);
    this.batchBytes += bytes.length;
    if (this.batchBytes >= BATCH_BYTES) this.end();
  }
}

/** Write `buffers` one after the other at `position`, going on after a short write. */
export function writeAll(fd: number, buffers: Buffer[], position: number): void {
  let done = fs.writevSync(fd, buffers, position);
  let at = position + done;
  for (const buffer of buffers) {
    if (done >= buffer.length) {
      done -= buffer.length;
      continue;
    }
    // What the first call did not write of this buffer (all of it for the buffers after).
    for (let offset = done; offset < buffer.length; ) {
      const n = fs.writeSync(fd, buffer, offset, buffer.length - offset, at);
      offset += n;
      at += n;
    }
    done = 0;
  }
}
