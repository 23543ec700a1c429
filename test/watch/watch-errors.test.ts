/**
 * The file watcher's own failures. Out of the system's file watches, every folder that could not be
 * watched fails alike: the writer is told once, with what to do, not once a folder.
 */
import { describe, expect, it } from 'vitest';
import { watchErrorReporter } from '../../lib/cli/watch.js';
import { Reporter } from '../../lib/report/reporter.js';

function recording(): { reporter: Reporter; lines: () => string[] } {
  let printed = '';
  const stream = { isTTY: false, write: (text: string) => ((printed += text), true) } as unknown as NodeJS.WriteStream;
  return { reporter: new Reporter({ quiet: false, verbose: false, stream }), lines: () => printed.split('\n').filter(Boolean) };
}

function failure(code: string, folder: string): Error {
  return Object.assign(new Error(`${code}: failed, watch '${folder}'`), { code });
}

describe('the file watcher failing', () => {
  it('should say once that the system has no more file watches, with how to raise the limit', () => {
    const { reporter, lines } = recording();
    const told = watchErrorReporter(reporter);
    for (const folder of ['articles/2020', 'articles/2021', 'articles/2022']) told(failure('ENOSPC', folder));
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatch(/^gazette: watching failed: the system allows no more file watches/);
    expect(lines()[0]).toContain('fs.inotify.max_user_watches');
  });

  it('should tell any other failure as it comes', () => {
    const { reporter, lines } = recording();
    const told = watchErrorReporter(reporter);
    told(failure('EACCES', 'articles/private'));
    told(failure('EACCES', 'articles/other'));
    expect(lines()).toEqual(["gazette: watching failed: EACCES: failed, watch 'articles/private'", "gazette: watching failed: EACCES: failed, watch 'articles/other'"]);
  });
});
