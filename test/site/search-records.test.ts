/**
 * The headline file `search-index.json` (every article's record in one file) is written only for
 * a theme that names it, in a template or an asset: the default theme searches the full-text index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, listFiles, RECORDS_THEME, runCli, tempDir, writeFiles } from '../helpers.js';

const HOSTILE = 'Tides </script><!-- & "quotes" \u2028 end';

function site(theme: Record<string, string>): string {
  const dir = tempDir('gazette-records-');
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'Records', timezone: 'UTC' }),
    'articles/one.md': article({ title: HOSTILE, date: '2023-02-01', section: 'World', tags: ['Sea'], summary: 'First.' }, 'Body one.'),
    'articles/two.md': article({ title: 'Second', date: '2023-03-01', summary: 'Second summary.' }, 'Body two.'),
    'articles/about.md': article({ kind: 'page', title: 'About' }, 'A page.'),
    'articles/draft.md': article({ title: 'Hidden', date: '2023-01-01', draft: true }, 'Draft.'),
    ...theme,
  });
  return dir;
}

async function build(dir: string): Promise<string> {
  const out = path.join(dir, 'dist');
  const built = await runCli(['build', '--out', out], dir);
  expect(built.code, built.stderr).toBe(0);
  return out;
}

/** The file as it always was: the published articles' records, newest first, pages and drafts left out. */
const EXPECTED = {
  version: 1,
  articles: [
    { t: 'Second', u: '/2023/03/two/', d: '2023-03-01', s: null, g: [], x: 'Second summary.' },
    { t: HOSTILE, u: '/2023/02/one/', d: '2023-02-01', s: 'World', g: ['Sea'], x: 'First.' },
  ],
};

describe('the headline search file', () => {
  it('should not be written for the default theme', async () => {
    const out = await build(site({}));
    expect(listFiles(out)).not.toContain('search-index.json');
    expect(listFiles(out)).toContain('search-index/meta.json');
  });

  it('should be written, as it always was, for a theme whose asset names it', async () => {
    const out = await build(site(RECORDS_THEME));
    const text = fs.readFileSync(path.join(out, 'search-index.json'), 'utf8');
    expect(JSON.parse(text)).toEqual(EXPECTED);
    // Safe to inline in a page: no closing tag or line separator survives unescaped.
    expect(text).not.toMatch(/<\/script|\u2028/);
  });

  it('should be written for a theme whose template names it', async () => {
    const partial = '<script type="application/json" id="records">{"src":"{{site.basePath}}search-index.json"}</script>\n';
    const out = await build(site({ 'templates/partials/records.hbs': partial }));
    expect(JSON.parse(fs.readFileSync(path.join(out, 'search-index.json'), 'utf8'))).toEqual(EXPECTED);
  });
});
