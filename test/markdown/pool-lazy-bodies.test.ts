import { describe, expect, it } from 'vitest';
import { MarkdownPool } from '../../lib/markdown/pool.js';

const OPTIONS = {
  trustHtml: false,
  configModule: null,
  shortcodes: {},
  labels: { embedPlayVideo: 'Play video: {title}', embedVideo: '{host} video', embedFactBox: 'Fact box', embedKeyPoints: 'Key points' },
  language: 'en',
  timeZone: 'UTC',
  basePath: '/',
};
const resolver = { basePath: '/', articleUrls: new Map(), assetUrls: new Map(), images: new Map(), social: new Map() };

describe('MarkdownPool with bodies read when sent', () => {
  it('should read each body only when its batch is sent, holding a few at once, and render them as given ones', async () => {
    const pool = new MarkdownPool(OPTIONS, { timeout: 10, threads: 1 });
    let read = 0;
    let done = 0;
    let mostHeld = 0;
    const jobs = Array.from({ length: 200 }, (_, i) => ({
      body: () => {
        read++;
        mostHeld = Math.max(mostHeld, read - done);
        return `Article *${i}*.\n`;
      },
      sourcePath: `${i}.md`,
      displayPath: `articles/${i}.md`,
    }));
    try {
      const outcome = await pool.render(jobs, resolver, undefined, (result) => {
        done++;
        return result;
      });
      expect(read).toBe(200);
      // Two batches of 8 queued on the one thread: never the whole list.
      expect(mostHeld).toBeLessThanOrEqual(16);
      expect(outcome.rendered.map((r) => r?.html)).toEqual(jobs.map((_, i) => `<p>Article <em>${i}</em>.</p>`));
    } finally {
      await pool.close();
    }
  });

  it('should point into a body read when sent when the renderer refuses it', async () => {
    const pool = new MarkdownPool(OPTIONS, { timeout: 10, threads: 1 });
    const deep = `Intro.\n\n${'> '.repeat(300)}too deep\n`;
    try {
      const outcome = await pool.render(
        [
          { body: () => 'Fine.\n', sourcePath: 'a.md', displayPath: 'articles/a.md' },
          { body: () => deep, sourcePath: 'b.md', displayPath: 'articles/b.md' },
        ],
        resolver,
      );
      expect(outcome.rendered[0]?.html).toBe('<p>Fine.</p>');
      expect(outcome.rendered[1]).toBe(null);
      expect(outcome.diagnostics.map((d) => `${d.file} ${d.ruleId} ${d.position?.line}`)).toEqual(['articles/b.md markdown-too-deep 3']);
      // The code frame quotes the body that was sent.
      expect(outcome.diagnostics[0]!.frame).toContain('> > > > ');
    } finally {
      await pool.close();
    }
  });
});
