/**
 * A direction mark left open in front matter (a right-to-left override pasted into a title) reverses
 * whatever the page shows after the field: it is a warning at the field. Balanced marks, which set a
 * right-to-left name apart in a left-to-right title as they should, are not.
 */
import { describe, expect, it } from 'vitest';
import { unclosedDirection } from '../../lib/content/bidi.js';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';

describe('direction marks in front matter', () => {
  it('should find the first mark a text opens and never closes', () => {
    expect(unclosedDirection('Plain title')).toBeNull();
    expect(unclosedDirection('Vote \u202Eresults')).toBe('right-to-left override (U+202E)');
    expect(unclosedDirection('Vote \u202Eresults\u202C today')).toBeNull();
    expect(unclosedDirection('ok \u2067عربي\u2069 fine')).toBeNull();
    // An isolate's closing mark also closes what was opened inside it; a PDF does not close an isolate.
    expect(unclosedDirection('\u2068a \u202Bb\u2069')).toBeNull();
    expect(unclosedDirection('\u2066a\u202C')).toBe('left-to-right isolate (U+2066)');
    // A line break does not end one in HTML.
    expect(unclosedDirection('\u202Bline one\nline two')).toBe('right-to-left embedding (U+202B)');
  });

  it('should warn at the field, build, and fail with --strict', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/a.md': article({ title: 'Vote \u202Eresults', date: '2024-05-01', tags: ['ok \u2067عربي\u2069 fine'] }, 'Text.'),
    });
    const built = await runCli(['build', '--no-cache'], dir);
    expect(built.code, built.stderr).toBe(0);
    const warnings = built.stderr.split('\n').filter((line) => / warning /.test(line));
    expect(warnings).toEqual([expect.stringMatching(/^articles\/a\.md:2:8: warning "title" opens a right-to-left override \(U\+202E\) it never closes: .* \[front-matter-direction\]$/)]);
    // The line it quotes shows the mark by name: printed as it is, it would reverse the line in a terminal.
    expect(built.stderr).toContain('> 2 | title: "Vote <U+202E>results"');
    expect(built.stderr).not.toContain('\u202E');
    expect((await runCli(['build', '--no-cache', '--strict', '-o', 'strict'], dir)).code).toBe(1);
  });
});
