import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const LEDE = 'The harbour authority approved the new container terminal on Tuesday after a four-hour debate.';

// Issue #25: without a summary, the standfirst repeated the first paragraph right above it.
describe('the standfirst', () => {
  it('should show the summary written in front matter, and nothing when there is none, while cards, meta and feeds keep a summary', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Courier', url: 'https://courier.example.org/' }),
      'articles/2024/with-summary.md': article({ title: 'With summary', date: '2024-03-01', summary: 'A terminal for the port.' }, LEDE),
      'articles/2024/without-summary.md': article({ title: 'Without summary', date: '2024-03-02' }, LEDE),
      'articles/about.md': article({ title: 'About us', kind: 'page' }, LEDE),
      'articles/contact.md': article({ title: 'Contact', kind: 'page', summary: 'How to reach the newsroom.' }, LEDE),
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');

    const given = readHtml(out, '2024/03/with-summary/index.html');
    expect(given.querySelectorAll('.standfirst').map((p) => p.text)).toEqual(['A terminal for the port.']);
    const contact = readHtml(out, 'contact/index.html');
    expect(contact.querySelectorAll('.standfirst').map((p) => p.text)).toEqual(['How to reach the newsroom.']);

    for (const file of ['2024/03/without-summary/index.html', 'about/index.html']) {
      const page = readHtml(out, file);
      expect(page.querySelectorAll('.standfirst'), file).toHaveLength(0);
      // The lede is on the page once: in the body.
      expect(page.querySelector('main')!.text.split('The harbour authority').length - 1, file).toBe(1);
      // The summary made from it still describes the page.
      expect(page.querySelector('meta[name="description"]')!.getAttribute('content'), file).toContain('The harbour authority approved');
    }
    // Cards and feeds still carry the summary made from the first paragraph.
    const home = readHtml(out, 'index.html');
    const card = home.querySelectorAll('main article').find((a) => a.text.includes('Without summary'))!;
    expect(card.text).toContain('The harbour authority approved');
    const feed = readHtml(out, 'feed.xml').toString();
    expect(feed).toContain('The harbour authority approved');
  });
});

describe('the summary made from the body', () => {
  it('should describe a story that opens with a list, not a paragraph, by its first point', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Courier', url: 'https://courier.example.org/' }),
      'articles/2024/points.md': article(
        { title: 'Storm: what we know', date: '2024-03-01' },
        '- Gales of **120 km/h** hit the coast overnight.\n  - Roofs were torn off in the old town.\n- Ferries are cancelled until Friday.\n',
      ),
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    // The first point, without the points nested in it.
    const first = 'Gales of 120 km/h hit the coast overnight.';

    // A meta description with nothing in it once stood on such a page, and the feeds' summaries were empty.
    const page = readHtml(out, '2024/03/points/index.html');
    expect(page.querySelector('meta[name="description"]')!.getAttribute('content')).toBe(first);
    expect(page.querySelector('meta[property="og:description"]')!.getAttribute('content')).toBe(first);
    const jsonLd = JSON.parse(page.querySelector('script[type="application/ld+json"]')!.text);
    expect(jsonLd.description).toBe(first);
    expect(readHtml(out, 'feed.xml').toString()).toContain(`<summary type="text">${first}</summary>`);
    const feed = JSON.parse(readHtml(out, 'feed.json').text);
    expect(feed.items[0].content_text).toBe(first);
  });
});

describe('a footnote call in the first paragraph', () => {
  it('should leave its number out of the summary and of the words search indexes', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Courier', url: 'https://courier.example.org/' }),
      'articles/2024/vote.md': article(
        { title: 'Council budget', date: '2024-03-01' },
        'The council passed the budget in a close vote[^1] on Tuesday.\n\n[^1]: 27 to 24.\n',
      ),
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');

    // The call's "1" once ran into the word before it: "a close vote1 on Tuesday".
    const page = readHtml(out, '2024/03/vote/index.html');
    expect(page.querySelector('meta[name="description"]')!.getAttribute('content')).toBe('The council passed the budget in a close vote on Tuesday.');
    const words = fs
      .readdirSync(path.join(out, 'search-index'))
      .filter((name) => /^f-.*\.json$/.test(name))
      .flatMap((name) => Object.keys(JSON.parse(fs.readFileSync(path.join(out, 'search-index', name), 'utf8'))));
    expect(words).toContain('vote');
    expect(words).not.toContain('vote1');
  });
});
