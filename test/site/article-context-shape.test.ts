import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { article, ROOT, tempDir, writeFiles } from '../helpers.js';

// Watch keeps every article page's context: an object with a hidden class of its own per article cost about
// 700 bytes of V8's bookkeeping each (70 MB at 100,000 articles) and made every lookup on them megamorphic.
describe("article pages' contexts", () => {
  it('share their hidden classes, and keep fast properties, however their fields differ from article to article', () => {
    const site = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++) {
      const fields: Record<string, unknown> = { title: `Story ${i}`, date: `2024-03-${String(1 + i).padStart(2, '0')}`, section: i % 2 ? 'world' : 'politics' };
      if (i % 3 === 0) fields.updated = `2024-04-${String(1 + i).padStart(2, '0')}T10:00:00Z`;
      if (i % 4 === 0) fields.tags = ['budget', `tag ${i}`];
      if (i % 5 === 0) fields.summary = `Summary ${i}`;
      files[`articles/story-${i}.md`] = article(fields, `Body of story ${i}.`);
    }
    writeFiles(site, files);
    const lib = (file: string) => JSON.stringify(pathToFileURL(path.join(ROOT, 'lib', file)).href);
    // Run with V8's natives syntax, which tells whether two objects have the same hidden class.
    const script = path.join(site, 'shapes.mjs');
    fs.writeFileSync(
      script,
      `import { loadConfig } from ${lib('config/index.js')};
       import { generateSite } from ${lib('generate.js')};
       const config = await loadConfig({ now: '2025-01-01T00:00:00Z' }, ${JSON.stringify(site)});
       const generated = await generateSite(config);
       const contexts = generated.files.filter((f) => f.type === 'page' && f.template === 'article').map((f) => f.context.article);
       const kinds = [];
       for (const c of contexts) if (!kinds.some((k) => %HaveSameMap(k, c))) kinds.push(c);
       const dictionaries = contexts.filter((c) => !%HasFastProperties(c)).length;
       console.log(JSON.stringify({ pages: contexts.length, classes: kinds.length, dictionaries }));
       await generated.search?.close?.();
       process.exit(0);`,
    );
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', script], { cwd: site, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const { pages, classes, dictionaries } = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(pages).toBe(24);
    // The field types that vary here (an update time or none, tags or none, a summary or none) make a few at most.
    expect(classes).toBeLessThanOrEqual(4);
    // Nor is any of them a dictionary, as a copy made by Object.assign of that many fields becomes.
    expect(dictionaries).toBe(0);
  });
});
