/**
 * A parsed article is kept long after its file was read (the article cache; every article in watch):
 * what it keeps of the front matter must not keep the file's whole text in memory with it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const run = promisify(execFile);

// In a child run with --expose-gc: parse 20 articles of about 1 MB each, keep their parses as the
// article cache does (body dropped), let the texts go, and print how much heap that left in use.
const SCRIPT = `
import { parseArticle } from ${JSON.stringify(new URL('../../lib/content/article.js', import.meta.url).href)};
const settle = () => { for (let i = 0; i < 3; i++) globalThis.gc(); return process.memoryUsage().heapUsed; };
// Once first, so that the code compiled for parsing is not counted.
parseArticle('---\\ntitle: Warm-up\\ndate: 2024-01-01\\ntags:\\n  - a tag long enough\\n---\\nText.', 'w.md', 'w.md', 'UTC');
const before = settle();
const kept = [];
for (let i = 0; i < 20; i++) {
  const text = '---\\ntitle: Story ' + i + '\\ndate: 2024-01-02\\nsection: city desk news\\nauthor: Our correspondent in the city\\n' +
    'summary: A summary long enough to be a slice of the text ' + i + '\\ntags:\\n  - a tag long enough ' + i + '\\n  - municipal elections\\n---\\n' +
    ('Body text of the story, repeated to make a large file. ').repeat(20000) + i;
  const { article } = parseArticle(text, 'story-' + i + '.md', 'story-' + i + '.md', 'UTC');
  kept.push({ ...article, body: '' });
}
process.stdout.write(JSON.stringify({ retained: settle() - before, tags: kept[19].tags }));
`;

describe('front matter in memory', () => {
  it('should keep the fields of a parsed article, not the text of its file', async () => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--input-type=module', '-e', SCRIPT], { cwd: ROOT });
    const { retained, tags } = JSON.parse(stdout) as { retained: number; tags: string[] };
    expect(tags).toEqual(['a tag long enough 19', 'municipal elections']);
    // The 20 texts are 22 MB; their fields, a few kilobytes (a collection leaves a megabyte or two either way).
    expect(retained).toBeLessThan(6 * 2 ** 20);
  });
});
