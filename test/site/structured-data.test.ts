/**
 * What an article's JSON-LD says of it, against the page itself: search engines read the structured
 * data as a description of what the page shows.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const LONG_TITLE =
  'Harbour authority and city council agree to extend the north pier by another hundred metres despite objections from fishermen';
const LONG_UPDATE = 'Council chamber clears after the vote as protesters outside block the ferry terminal and the harbour road for an hour';

function jsonLd(out: string, file: string): Record<string, unknown> {
  return JSON.parse(readHtml(out, file).querySelector('script[type="application/ld+json"]')!.text);
}

describe('headlines in JSON-LD', () => {
  it('should give an article’s and a live update’s headline whole, as the page shows them, however long', async () => {
    expect(LONG_TITLE.length).toBeGreaterThan(110);
    expect(LONG_UPDATE.length).toBeGreaterThan(110);
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Courier', url: 'https://courier.example.org/', timezone: 'UTC' }),
      'articles/2024/pier.md': article({ title: LONG_TITLE, date: '2024-03-01T09:00:00Z' }, 'The vote was close.'),
      'articles/2024/vote.md': article(
        { title: 'The pier vote, live', date: '2024-03-02T09:00:00Z', kind: 'live', coverageEnd: '2024-03-02T18:00:00Z' },
        `Follow the vote.\n\n## 10:00 ${LONG_UPDATE}\n\nThe chamber is empty.\n`,
      ),
    });
    const result = await runCli(['build', '--now', '2024-03-03T00:00:00Z'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');

    // Both were once cut at 110 characters with "…", a limit Google's article guidelines no longer set,
    // so the structured headline differed from the page's.
    expect(readHtml(out, '2024/03/pier/index.html').querySelector('h1')!.text.trim()).toBe(LONG_TITLE);
    expect(jsonLd(out, '2024/03/pier/index.html').headline).toBe(LONG_TITLE);
    const live = jsonLd(out, '2024/03/vote/index.html') as { liveBlogUpdate: { headline: string }[] };
    expect(live.liveBlogUpdate.map((u) => u.headline)).toEqual([LONG_UPDATE]);
  });
});
