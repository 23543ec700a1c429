// Issue #25: headings that are only an image or an emoji got id="" (invalid HTML) or id="-1".
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../lib/markdown/processor.js';
import { article, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const resolver = { basePath: '/', articleUrls: new Map<string, string>(), assetUrls: new Map<string, string>([['logo.svg', '/logo.svg']]), images: new Map(), social: new Map() };
const render = createMarkdownRenderer({ trustHtml: false, configModule: null, shortcodes: {}, labels: { embedPlayVideo: 'Play video: {title}', embedVideo: '{host} video', embedFactBox: 'Fact box', embedKeyPoints: 'Key points' }, language: 'en', timeZone: 'UTC', basePath: '/' });

async function ids(body: string): Promise<string[]> {
  const { html } = await render(body, 'a.md', resolver);
  return [...html.matchAll(/<h[1-6]( id="([^"]*)")?/g)].map((m) => m[2] ?? '(none)');
}

describe('heading ids', () => {
  it('should keep the ids GitHub makes from a heading\'s text', async () => {
    expect(await ids('## Results\n\n## Results\n\n### *Emphasis*, `code`\n\n## 🎉 Launch day\n\n## 中文标题')).toEqual([
      'results',
      'results-1',
      'emphasis-code',
      '-launch-day',
      '中文标题',
    ]);
  });

  it('should name a heading without text after its image\'s alt text, else "section", unique on the page', async () => {
    expect(
      await ids('## ![Harbour logo](logo.svg)\n\n## 🎉\n\n## 🚢 ⚓\n\n## ![](logo.svg)\n\n## Section\n\n## ![Harbour logo](logo.svg)\n\n#### \n\n## —'),
    ).toEqual(['harbour-logo', 'section', 'section-1', 'section-2', 'section-3', 'harbour-logo-1', 'section-4', 'section-5']);
  });

  it('should keep an id written in the article', async () => {
    expect(await ids('<h2 id="kept">🎉</h2>\n\n## 🎉')).toEqual(['kept', 'section']);
  });

  it('should give image and emoji headings usable ids on a built page, which anchors can link to', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/2024/launch.md': article(
        { title: 'Launch', date: '2024-05-01' },
        '## ![Harbour logo](logo.svg)\n\nThe logo.\n\n## 🎉\n\nParty.\n\n## 🎉\n\nMore.\n\nSee [the logo](#harbour-logo) and [the party](#section-1).',
      ),
      'articles/2024/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"/>',
    });
    const build = await runCli(['build'], dir);
    expect(build.code, build.stderr).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), '2024/05/launch/index.html');
    expect(page.querySelectorAll('.article-body h2').map((h) => h.getAttribute('id'))).toEqual(['harbour-logo', 'section', 'section-1']);
    const check = await runCli(['check'], dir);
    expect(check.stderr).toMatch(/no problems found/);
    expect(check.code).toBe(0);
  });
});
