import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../helpers.js';

/** The `file:line:column: severity message [rule]` lines of the output. */
function problems(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\S.*: (error|warning) .*\[[\w-]+\]$/.test(line));
}

const PROFILES = '- name: Ana Reyes\n  role: City hall reporter\n- name: Tom Achebe-Harris\n';

function site(withProfiles: boolean): string {
  const dir = tempDir('gazette-bylines-');
  writeFiles(dir, {
    'articles/a.md': '---\ntitle: Council vote\ndate: 2024-05-01\nauthor: Ana Reyess\n---\nText.\n',
    'articles/b.md': '---\ntitle: Harbour\ndate: 2024-05-02\nauthors:\n  - Tom Achebe-Harris\n  - ana reyes\n  - Someone Else Entirely\n---\nText.\n',
    'articles/c.md': '---\ntitle: Later\ndate: 2099-01-01\nauthor: Tom Achebe-Haris\n---\nText.\n',
    ...(withProfiles ? { 'articles/_data/authors.yml': PROFILES } : {}),
  });
  return dir;
}

describe('bylines that name no profile (issue #25)', () => {
  it('should warn at the name with the closest profile, in published and scheduled articles, and still build', async () => {
    const dir = site(true);
    const run = await runCli(['build'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(problems(run.stderr)).toEqual([
      'articles/a.md:4:9: warning the byline "Ana Reyess" has no author profile in articles/_data/authors.yml: did you mean Ana Reyes? [author-unknown]',
      'articles/b.md:7:5: warning the byline "Someone Else Entirely" has no author profile in articles/_data/authors.yml: add \"- name: Someone Else Entirely\" there (a name alone will do), or check the spelling [author-unknown]',
      'articles/c.md:4:9: warning the byline "Tom Achebe-Haris" has no author profile in articles/_data/authors.yml: did you mean Tom Achebe-Harris? [author-unknown]',
    ]);
    // The nothing-changed build says the same.
    expect(problems((await runCli(['build'], dir)).stderr)).toHaveLength(3);
  });

  it('should be an error with --strict and in gazette check, leaving the previous site as it was', async () => {
    const dir = site(true);
    for (const args of [['build', '--strict'], ['check']]) {
      const run = await runCli(args, dir);
      expect(run.code, args.join(' ')).toBe(1);
      expect(problems(run.stderr).filter((l) => l.endsWith('[author-unknown]')).every((l) => l.includes(': error '))).toBe(true);
      expect(run.stderr).toContain('articles/a.md:4:9: error the byline "Ana Reyess" has no author profile');
    }
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should let a site without profiles name anyone, as before', async () => {
    const dir = site(false);
    for (const args of [['build', '--strict'], ['check']]) {
      const run = await runCli(args, dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('author-unknown');
    }
  });
  it("should not call a byline unknown when its profile is in the file but refused for an error: the error alone is said", async () => {
    const dir = tempDir('gazette-bylines-');
    writeFiles(dir, {
      'articles/a.md': '---\ntitle: Council vote\ndate: 2024-05-01\nauthor: Ana Reyes\n---\nText.\n',
      'articles/_data/authors.yml': '- name: Ana Reyes\n  links: ["@ana"]\n- name: Tom Achebe-Harris\n',
    });
    for (const args of [['build'], ['check']]) {
      const run = await runCli(args, dir);
      expect(run.code).toBe(1);
      expect(problems(run.stderr)).toEqual(['articles/_data/authors.yml:2:11: error profile 1: link 1 must be an http(s) URL, not "@ana" [profile-invalid]']);
    }
  });
});
