/**
 * Issue #13: watch output equals a clean build after each new kind of edit
 * (a page, the profiles file, a menu, a data file, corrections) and after a
 * scheduled article's time comes, without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { startWatching } from '../../lib/watch/watcher.js';
import { SCHEDULE_DUE } from '../../lib/watch/rebuild.js';
import { expectCleanBuild, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';

const edit = (file: string, from: string, to: string) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));

describe('watching a newsroom site', () => {
  it('should match a clean build after editing a page, the profiles, a menu, a data file and corrections', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/', menus: { header: [{ label: 'About', page: 'about.md' }] } }),
      'articles/about.md': '---\nkind: page\ntitle: About us\n---\nFirst version.\n',
      'articles/2024/a.md': '---\ntitle: A\ndate: 2024-05-01\nauthors: [Ann Lee, Bo Chan]\ntags: [x]\n---\nText A.\n',
      'articles/2024/b.md': '---\ntitle: B\ndate: 2024-05-02\nauthor: Ann Lee\ntags: [x]\n---\nText B.\n',
      'articles/_data/authors.yml': '- name: Ann Lee\n  role: Reporter\n  bio: Old bio.\n',
      'articles/_data/desks.json': '[{"name": "Metro"}]\n',
      'theme/partials/footer.hbs': '<footer>{{#each site.data.desks}}<p class="desk">{{name}}</p>{{/each}}</footer>\n',
      'theme/pages/.keep': '',
    });
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', templates: 'theme', cache: false }, site);
      const clean = async () => {
        const cleanOut = path.join(tempDir(), 'clean');
        const result = await runCli(['build', '--no-cache', '-t', 'theme', '-o', cleanOut], site);
        expect(result.code, result.stderr).toBe(0);
        const a = snapshotTree(out);
        const b = snapshotTree(cleanOut);
        expect([...a.keys()]).toEqual([...b.keys()]);
        for (const [file, bytes] of b) expect(a.get(file)!.equals(bytes), file).toBe(true);
      };
      const at = (rel: string) => path.join(site, rel);

      edit(at('articles/about.md'), 'First version.', 'Second version.');
      expect((await session.rebuild([at('articles/about.md')])).written).toContain('about/index.html');
      await clean();

      edit(at('articles/_data/authors.yml'), 'role: Reporter', 'role: Chief reporter');
      const profile = await session.rebuild([at('articles/_data/authors.yml')]);
      expect(profile.written).toContain('authors/ann-lee/index.html');
      expect(profile.written).toContain('2024/05/a/index.html'); // its JSON-LD Person has the role
      await clean();
      // A bio shows on the author's page only.
      edit(at('articles/_data/authors.yml'), 'Old bio.', 'New *bio*.');
      expect((await session.rebuild([at('articles/_data/authors.yml')])).written).toEqual(['authors/ann-lee/index.html']);
      await clean();

      edit(at('gazette.config.json'), '"label":"About"', '"label":"Who we are"');
      await session.rebuild([at('gazette.config.json')]);
      expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('Who we are');
      await clean();

      edit(at('articles/_data/desks.json'), 'Metro', 'City');
      await session.rebuild([at('articles/_data/desks.json')]);
      expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('<p class="desk">City</p>');
      await clean();

      // A correction added, then edited: the article, the corrections page and its feeds follow.
      edit(at('articles/2024/a.md'), 'tags: [x]', 'tags: [x]\ncorrections:\n  - date: 2024-05-03\n    text: Fixed a name.');
      const corrected = await session.rebuild([at('articles/2024/a.md')]);
      expect(corrected.written).toContain('corrections/index.html');
      await clean();
      edit(at('articles/2024/a.md'), 'Fixed a name.', 'Fixed two names.');
      const again = await session.rebuild([at('articles/2024/a.md')]);
      expect(again.written).toContain('corrections/feed.xml');
      await clean();

      // Removing the data file and the page.
      fs.rmSync(at('articles/_data/desks.json'));
      fs.rmSync(at('articles/about.md'));
      edit(at('gazette.config.json'), '{"label":"Who we are","page":"about.md"}', '');
      const removed = await session.rebuild([at('articles/_data/desks.json'), at('articles/about.md'), at('gazette.config.json')]);
      expect(removed.removed).toContain('about/index.html');
      await clean();
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('should publish a scheduled article when its time comes, and equal a clean build then', async () => {
    const site = tempDir();
    // Whole seconds: front matter dates have no milliseconds.
    const due = Math.ceil((Date.now() + 4000) / 1000) * 1000;
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ permalink: '/{slug}/' }),
      'articles/now.md': '---\ntitle: Already out\ndate: 2024-01-01\n---\nText.\n',
      'articles/soon.md': `---\ntitle: Coming soon\ndate: ${new Date(due).toISOString()}\n---\nSoon.\n`,
    });
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      expect(session.nextDue()).toBe(due);
      expect(fs.existsSync(path.join(out, 'soon/index.html'))).toBe(false);
      const rebuilt = new Promise<string[]>((resolve) => {
        const watching = startWatching(session, {
          onRebuild(outcome) {
            if (outcome.ok && outcome.changed.includes(SCHEDULE_DUE)) void watching.close().then(() => resolve(outcome.result.written));
          },
        });
      });
      // The watcher's timer fires at the due time; generous: a loaded machine may be slow to build.
      const written = await Promise.race([rebuilt, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no rebuild at the due time')), 40_000))]);
      expect(Date.now()).toBeGreaterThanOrEqual(due);
      expect(written).toContain('soon/index.html');
      expect(session.nextDue()).toBeNull();
      await expectCleanBuild(site, out);
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  }, 60_000);
});
