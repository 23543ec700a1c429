/**
 * Files editors and other tools leave in the articles folder: backups, autosaves, lock files and
 * Markdown under another extension. None may reach the site as raw text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, listFiles, runCli, tempDir, writeFiles } from '../helpers.js';

const story = article({ title: 'Harbour deal', date: '2024-03-05' }, 'The embargoed text.');

describe("editors' leftovers in the articles folder", () => {
  it('are neither articles nor published files: a backup, an Emacs autosave, an Office lock file, Windows\'s folder files', async () => {
    const site = tempDir();
    writeFiles(site, {
      'articles/2024/harbour.md': story,
      'articles/2024/harbour.md~': story,
      'articles/2024/#harbour.md#': story,
      'articles/2024/~$notes.docx': 'lock',
      'articles/2024/notes~draft.txt': 'a tilde inside a name is a name',
      'articles/2024/Thumbs.db': 'thumbnails of every picture the folder held',
      'articles/2024/desktop.ini': '[.ShellClassInfo]',
    });
    const run = await runCli(['build', '--now', '2024-04-01T00:00:00Z'], site);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/warning|error/);
    expect(run.stdout + run.stderr).toContain('Built 1 article,');
    const files = listFiles(path.join(site, 'dist'));
    expect(files.filter((f) => f.startsWith('2024/'))).toEqual(['2024/03/harbour/index.html', '2024/notes~draft.txt']);
  });
});

describe('Markdown under another extension', () => {
  it('is skipped with a warning that says to rename it, never published as its raw text', async () => {
    const site = tempDir();
    writeFiles(site, {
      'articles/2024/harbour.md': story,
      'articles/2024/embargo.markdown': story,
      'articles/2024/port.MKD': story,
    });
    const run = await runCli(['build', '--now', '2024-04-01T00:00:00Z'], site);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('articles/2024/embargo.markdown: warning skipped: gazette reads articles from .md files only; rename it to embargo.md [markdown-extension]');
    expect(run.stderr).toContain('articles/2024/port.MKD: warning skipped: gazette reads articles from .md files only; rename it to port.md [markdown-extension]');
    const out = path.join(site, 'dist');
    expect(fs.existsSync(path.join(out, '2024', 'embargo.markdown'))).toBe(false);
    expect(fs.existsSync(path.join(out, '2024', 'port.MKD'))).toBe(false);
    const strict = await runCli(['build', '--strict', '--now', '2024-04-01T00:00:00Z'], site);
    expect(strict.code).toBe(1);
  });
});
