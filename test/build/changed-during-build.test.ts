/**
 * A body is read from its source again when it is rendered (the load keeps no Markdown). A source
 * saved between the two reads must not leave the build cache holding the new body under the key of
 * the text the load read: an undo back to that text would then show the newer body. Here a Markdown
 * plugin of the site's own rewrites every source the first time it runs, while the later batches
 * are still to be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';

const ARTICLES = 80;

const CONFIG = `import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const site = path.dirname(fileURLToPath(import.meta.url));
// Armed by the test: on its first run, every article's text is changed on disk.
function remarkRewriteSources() {
  return () => {
    const armed = path.join(site, 'armed');
    if (!fs.existsSync(armed)) return;
    fs.rmSync(armed, { force: true });
    for (const name of fs.readdirSync(path.join(site, 'articles'))) {
      const file = path.join(site, 'articles', name);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Original text', 'Rewritten text'));
    }
  };
}
export default { url: 'https://example.org/', markdown: { remarkPlugins: [remarkRewriteSources] } };
`;

describe('a source saved while the build renders', () => {
  it('should be reported, and never stored in the cache under the key of the text read before', async () => {
    const site = tempDir();
    const files: Record<string, string> = { 'gazette.config.mjs': CONFIG, armed: '' };
    for (let i = 0; i < ARTICLES; i++) {
      files[`articles/s${i}.md`] = article({ title: `Story ${i}`, date: `2024-03-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z` }, `Original text of story ${i}.`);
    }
    writeFiles(site, files);
    const originals = new Map(Object.entries(files).filter(([name]) => name.startsWith('articles/')));

    const first = await runCli(['build'], site);
    expect(first.code, first.stderr).toBe(0);
    expect(fs.existsSync(path.join(site, 'armed'))).toBe(false);
    // The batches sent after the plugin ran read the new text.
    expect(first.stderr).toMatch(/articles\/s\d+\.md: warning changed while the build was running/);

    // An undo: every source back to the text the first build's load read (and keyed its cache entries by).
    writeFiles(site, Object.fromEntries(originals));
    const second = await runCli(['build'], site);
    expect(second.code, second.stderr).toBe(0);
    await expectCleanBuild(site, path.join(site, 'dist'));
  }, 120_000);
});
