import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One temporary root for the whole run, removed at the end, so test workers leave nothing behind in /tmp. */
export default function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-tests-'));
  process.env.GAZETTE_TEST_TMP = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
