/**
 * Hostile front matter: broken YAML, impossible dates, wrong types, YAML that
 * tries to run code, alias bombs. Each case is a source folder of the fixture
 * test/fixtures/hostile-front-matter/ (plus binary input generated here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, readHtml } from '../helpers.js';
import { expectBuilt, expectNoStack, expectRefused, hostileBuild, sandbox } from './harness.js';

const FIXTURE = 'hostile-front-matter';

/** Build source folder `src` of the fixture; a refused build must not create the output folder. */
async function buildCase(src: string) {
  const box = sandbox(FIXTURE);
  const run = await hostileBuild(box, ['-s', src]);
  return { box, run };
}

async function expectError(src: string, message: string | RegExp, code = 1) {
  const { run } = await buildCase(src);
  expectRefused(run, code);
  if (typeof message === 'string') expect(run.stderr).toContain(message);
  else expect(run.stderr).toMatch(message);
  expect(fs.existsSync(run.out), 'a failed build creates no output folder').toBe(false);
  return run;
}

describe('hostile front matter: structure', () => {
  it('should report front matter that is never closed at 1:1', async () => {
    await expectError('unclosed', 'unclosed/a.md:1:1: error front matter is not closed');
  });

  it('should report bad YAML indentation with the line and column of the offending line', async () => {
    await expectError('bad-indent', /bad-indent\/a\.md:6:1: error invalid YAML in front matter: All mapping items must start at the same column/);
  });

  it('should report an unclosed quote as invalid YAML with a position inside the front matter', async () => {
    const run = await expectError('unclosed-quote', /unclosed-quote\/a\.md:2:8: error invalid YAML in front matter: a value that starts with a quote must end with the same quote: title: "Unclosed quote"/);
    // The code frame points into the file.
    expect(run.stderr).toMatch(/^> +[2-4] \| /m);
  });

  it('should report an empty file as empty, naming it', async () => {
    await expectError('empty', /empty\/a\.md(:1:1)?: error the file is empty/);
  });

  it('should refuse a binary file named .md, naming it as binary', async () => {
    const box = sandbox();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      Buffer.from('IHDR\0\0\0\x01\0\0\0\x01---\ntitle: x\n---\n', 'latin1'),
    ]);
    fs.mkdirSync(path.join(box.cwd, 'articles'));
    fs.writeFileSync(path.join(box.cwd, 'articles', 'photo.md'), png);
    fs.writeFileSync(path.join(box.cwd, 'articles', 'nul.md'), '---\ntitle: "Has a NUL"\ndate: 2023-02-09\n---\nText \0 more text\n');
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectRefused(run, 1);
    expect(run.stderr).toMatch(/articles\/photo\.md(:\d+:\d+)?: error this file is binary/);
    expect(run.stderr).toMatch(/articles\/nul\.md(:\d+:\d+)?: error this file is binary/);
    expect(fs.existsSync(run.out)).toBe(false);
  });
});

describe('text saved in another encoding than UTF-8', () => {
  it('should refuse UTF-16 text (with or without a byte order mark, either byte order) as UTF-16, not as binary', async () => {
    const box = sandbox();
    const text = '---\ntitle: "Café"\ndate: 2023-02-09\n---\nText.\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    fs.mkdirSync(path.join(box.cwd, 'articles'));
    fs.writeFileSync(path.join(box.cwd, 'articles', 'le.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
    fs.writeFileSync(path.join(box.cwd, 'articles', 'be.md'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    fs.writeFileSync(path.join(box.cwd, 'articles', 'nobom.md'), le);
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectRefused(run, 1);
    for (const name of ['le', 'be', 'nobom']) {
      expect(run.stderr).toContain(`articles/${name}.md: error this file is UTF-16 text, and gazette reads Markdown as UTF-8: save it as UTF-8 [not-text]`);
    }
    expect(run.stderr).not.toContain('binary');
  });

  it('should warn at the first byte of a Latin-1 file that is no UTF-8, counting the others, in every build', async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.cwd, 'articles'));
    // "Café" and "Zürich" saved as Latin-1: 0xE9 and 0xFC alone are no UTF-8.
    const latin1 = Buffer.from('---\ntitle: "Café"\ndate: 2023-02-09\n---\nOne.\n\nZürich.\n', 'latin1');
    fs.writeFileSync(path.join(box.cwd, 'articles', 'cafe.md'), latin1);
    const expected = 'articles/cafe.md:2:12: warning this file is not UTF-8 text: a byte here (and 1 more) is no UTF-8 character';
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(run.stderr).toContain(expected);
    expect(run.stderr).toContain('save the file as UTF-8 [not-utf8]');
    const strict = await hostileBuild(box, ['-s', 'articles', '--strict']);
    // A warm build (its parse from the cache) says it again; --strict makes it an error.
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/articles\/cafe\.md:2:12: (warning|error) this file is not UTF-8 text/);
  });
});

describe('hostile front matter: required fields and dates', () => {
  it('should list both a missing title and a missing date', async () => {
    const run = await expectError('missing-fields', 'missing-fields/a.md:1:1: error missing "title"');
    expect(run.stderr).toContain('missing-fields/a.md:1:1: error missing "date"');
    expect(run.stderr).toContain('Build failed: 2 errors');
  });

  it.each([
    ['date-feb-30', 'date-feb-30/a.md:3:7: error "date": "2023-02-30" is not a real calendar date'],
    ['date-month-13', 'date-month-13/a.md:3:7: error "date": "2023-13-01" is not a real calendar date'],
    ['date-hour-25', 'date-hour-25/a.md:3:7: error "date": "2023-02-09T25:00" has an impossible time of day'],
    ['date-yesterday', 'date-yesterday/a.md:3:7: error "date": "yesterday" is not a date'],
    ['date-year-only', 'date-year-only/a.md:3:7: error "date" must be a date such as 2023-02-09, not the number 2023'],
  ])('should refuse %s at the field\'s line:column', async (src, message) => {
    await expectError(src, message);
  });

  it.each([
    ['date-offset-25h', '+25:00'],
    ['date-offset-99min', '+08:99'],
  ])('should refuse an impossible UTC offset (%s) at the field\'s line:column', async (src, offset) => {
    const run = await expectError(src, new RegExp(`${src}/a\\.md:3:7: error "date": .*`));
    expect(run.stderr).toContain(offset);
  });

  it('should not move a year below 100 into the 1900s', async () => {
    const { run } = await buildCase('date-year-0023');
    expectNoStack(run);
    expect(run.outside).toEqual([]);
    if (run.code === 0) {
      // Published as written: year 23, not 1923.
      expect(listFiles(run.out)).toContain('0023/02/a/index.html');
      expect(listFiles(run.out).some((f) => f.startsWith('1923/'))).toBe(false);
    } else {
      // Or refused as an out-of-range year, at the field.
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('date-year-0023/a.md:3:7: error "date"');
    }
  });

  it('should read a month, day or hour of one digit (2024-3-5 9:00) as people write them, in the site\'s time zone', async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.cwd, 'articles'));
    fs.writeFileSync(path.join(box.cwd, 'gazette.config.json'), JSON.stringify({ title: 'T', url: 'https://example.com', timezone: 'Europe/Paris' }));
    fs.writeFileSync(path.join(box.cwd, 'articles', 'a.md'), '---\ntitle: Early\ndate: 2024-3-5 9:00\nupdated: 2024-03-05 9:30\n---\nText.\n');
    fs.writeFileSync(path.join(box.cwd, 'articles', 'b.md'), '---\ntitle: Day only\ndate: 2024-3-5\n---\nText.\n');
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    const times = (rel: string) => readHtml(run.out, rel).querySelectorAll('.article-header time, header time').map((t) => t.getAttribute('datetime'));
    expect(times('2024/03/a/index.html')).toEqual(expect.arrayContaining(['2024-03-05T09:00:00+01:00', '2024-03-05T09:30:00+01:00']));
    expect(listFiles(run.out)).toContain('2024/03/b/index.html');
  });

  it('should say that "updated" or "expires" written as the day of a story published at 09:00 is that day\'s 00:00', async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.cwd, 'articles'));
    fs.writeFileSync(path.join(box.cwd, 'articles', 'a.md'), '---\ntitle: A\ndate: 2024-03-05 09:00\nupdated: 2024-03-05\n---\nText.\n');
    fs.writeFileSync(path.join(box.cwd, 'articles', 'b.md'), '---\ntitle: B\ndate: 2024-03-05 09:00\nexpires: 2024-03-05\n---\nText.\n');
    fs.writeFileSync(path.join(box.cwd, 'articles', 'c.md'), '---\ntitle: C\ndate: 2024-03-05 09:00\nupdated: 2024-03-04\n---\nText.\n');
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectRefused(run, 1);
    const day = '(a date without a time is 00:00 that day, in UTC): give its time too (2024-03-05 HH:MM)';
    expect(run.stderr).toContain(`articles/a.md:4:10: error "updated" is earlier than "date" ${day} [front-matter-date]`);
    expect(run.stderr).toContain(`articles/b.md:4:10: error "expires" must be later than "date" ${day} [front-matter-date]`);
    // A day before is simply earlier.
    expect(run.stderr).toContain('articles/c.md:4:10: error "updated" is earlier than "date" [front-matter-date]');
  });

  it('should refuse "updated" earlier than "date", pointing at "updated"', async () => {
    await expectError('updated-before-date', 'updated-before-date/a.md:4:10: error "updated" is earlier than "date"');
  });
});

describe('hostile front matter: types', () => {
  it('should accept tags written as one comma-separated string and make two tags', async () => {
    const { run } = await buildCase('tags-string');
    expectBuilt(run);
    const files = listFiles(run.out);
    expect(files).toContain('tags/a/index.html');
    expect(files).toContain('tags/b/index.html');
    expect(files.filter((f) => /^tags\/[^/]+\/index\.html$/.test(f))).toEqual(['tags/a/index.html', 'tags/b/index.html']);
    const page = readHtml(run.out, '2023/02/a/index.html');
    expect(page.querySelectorAll('a[rel="tag"]').map((a) => a.text)).toEqual(['a', 'b']);
  });

  it('should refuse a title that is only spaces as a missing title', async () => {
    await expectError('title-blank', /title-blank\/a\.md:2:8: error (missing "title"|"title")/);
  });

  it('should refuse a number as title', async () => {
    await expectError('title-number', 'title-number/a.md:2:8: error "title" must be text');
  });

  it('should refuse a quoted string as draft', async () => {
    await expectError('draft-string', 'draft-string/a.md:4:8: error "draft" must be true or false');
  });
});

describe('hostile front matter: YAML that tries to run code', () => {
  it('should refuse !!js/function, naming the line', async () => {
    const run = await expectError('js-function', /js-function\/a\.md:2:8: error invalid YAML in front matter: a value that starts with "!" must be in quotes \(YAML reads "!!js\/function" as a type tag, and gazette knows no such tag\)/);
    expect(run.code).not.toBe(7);
  });

  it('should refuse a custom tag, naming the line', async () => {
    await expectError('custom-tag', /custom-tag\/a\.md:4:4: error invalid YAML in front matter: a value that starts with "!" must be in quotes \(YAML reads "!custom" as a type tag, and gazette knows no such tag\): x: "!custom foo"/);
  });

  it('should refuse !!python/object, naming the line, and run nothing', async () => {
    const { box, run } = await buildCase('python-object');
    expectRefused(run, 1);
    expect(run.stderr).toMatch(/python-object\/a\.md:4:4: error invalid YAML in front matter: a value that starts with "!" must be in quotes \(YAML reads "!!python\/object:os\.system" as a type tag, and gazette knows no such tag\)/);
    expect(fs.existsSync(path.join(box.cwd, 'pwned'))).toBe(false);
  });

  it('should refuse a billion-laughs alias bomb quickly with a clear error', async () => {
    const started = performance.now();
    const run = await expectError('alias-bomb', /alias-bomb\/a\.md(:\d+:\d+)?: error .*alias/i);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(run.stderr.length).toBeLessThan(5_000);
  });
});
