/**
 * The curated front page (config "front" and "sections") and featured stories
 * (front matter "featured", "priority", "featuredUntil"), on built sites.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, readHtml, runCli, tempDir, writeFiles, type CliResult } from '../helpers.js';

const FRONT = {
  blocks: [
    { type: 'lead' },
    { title: { en: 'Top stories', fr: 'À la une' }, size: 3, layout: 'grid' },
    { type: 'sections', size: 2, layout: 'headlines' },
    { section: 'sport', size: 5, layout: 'list', title: 'Sport <desk>' },
  ],
};

/** Twelve stories in three sections, a featured old one and an older one of higher priority whose featuring has ended. */
function curatedSite(config: Record<string, unknown> = {}): Record<string, string> {
  const files: Record<string, string> = {
    'gazette.config.json': JSON.stringify({ title: 'Daily', language: 'en', pageSize: 4, sections: ['News', { name: 'business', label: { en: 'Money & markets', fr: 'Économie' } }], front: FRONT, ...config }),
    'articles/old-featured.md': article({ title: 'Old featured', date: '2023-05-01', section: 'Arts', featured: true, featuredUntil: '2024-06-01T12:00' }),
    'articles/ended.md': article({ title: 'Ended priority', date: '2023-04-01', section: 'News', priority: 9, featuredUntil: '2023-12-01' }),
  };
  const sections = ['News', 'Business', 'Sport'];
  for (let i = 1; i <= 12; i++) {
    files[`articles/s${i}.md`] = article({ title: `Story ${i}`, date: `2024-01-${String(i).padStart(2, '0')}`, section: sections[i % 3] });
  }
  return files;
}

const headings = (dir: string) => readHtml(dir, 'index.html').querySelectorAll('.front-block > h2').map((h) => h.text.trim());
const cardTitles = (dir: string, rel: string) => readHtml(dir, rel).querySelectorAll('main .card-title a, main .headline-list a').map((a) => a.text.trim());

describe('curated front page', () => {
  let site: string;
  let out: string;
  let result: CliResult;
  beforeAll(async () => {
    site = tempDir();
    writeFiles(site, curatedSite());
    out = path.join(site, 'dist');
    result = await runCli(['build', '--no-cache', '--now', '2024-02-01'], site);
  });

  it('should lead with the featured story, then fill each block with stories not shown yet', () => {
    expect(result.code, result.stderr).toBe(0);
    const titles = cardTitles(out, 'index.html');
    // The lead: the featured story, though ten stories are newer; the ended priority counts for nothing.
    expect(titles[0]).toBe('Old featured');
    expect(readHtml(out, 'index.html').querySelector('.lead-story .card-title a')!.text).toBe('Old featured');
    // Top stories: the newest three.
    expect(titles.slice(1, 4)).toEqual(['Story 12', 'Story 11', 'Story 10']);
    // One block per section in the configured order (News, Business, then the others alphabetically), then the sport block.
    expect(headings(out)).toEqual(['Top stories', 'News', 'Money & markets', 'Sport', 'Sport <desk>']);
    expect(titles.slice(4, 6)).toEqual(['Story 9', 'Story 6']);
    expect(titles.slice(6, 8)).toEqual(['Story 7', 'Story 4']);
    // The section's own block shows the sport stories left: each story appears once on the page.
    expect(titles.slice(8, 10)).toEqual(['Story 8', 'Story 5']);
    expect(titles.slice(10)).toEqual(['Story 2']);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('should lay blocks out as configured, escape titles, and link to the archive and sections instead of paginating', () => {
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const page = readHtml(out, 'index.html');
    expect(page.querySelectorAll('.front-block-grid .card-grid > li')).toHaveLength(3);
    expect(page.querySelectorAll('.front-block-headlines .headline-list > li')).toHaveLength(6);
    expect(page.querySelectorAll('.front-block-list .story-list > li')).toHaveLength(1);
    expect(html).toContain('Sport &lt;desk&gt;');
    expect(html).not.toContain('<desk>');
    expect(page.querySelector('.pagination')).toBeNull();
    expect(fs.existsSync(path.join(out, 'page/2/index.html'))).toBe(false);
    expect(page.querySelector('.front-more a')!.getAttribute('href')).toBe('/archive/');
    expect(page.querySelectorAll('.front-block-more a').map((a) => a.getAttribute('href'))).toContain('/section/business/');
    // Every story is still in the archive and on its section's pages.
    expect(cardTitles(out, 'archive/2024/index.html')).toHaveLength(4);
  });

  it('should order the section navigation as configured, with labels, the other sections after', () => {
    const nav = readHtml(out, 'index.html').querySelectorAll('.site-nav-list a').map((a) => a.text.trim());
    expect(nav.slice(0, 4)).toEqual(['News', 'Money & markets', 'Arts', 'Sport']);
  });

  it('should keep a featured story at the top of its section page', () => {
    // Arts has one story; News has the ended one, which drops back to its date's place.
    expect(cardTitles(out, 'section/arts/index.html')[0]).toBe('Old featured');
    expect(cardTitles(out, 'section/news/index.html')).toEqual(['Story 12', 'Story 9', 'Story 6', 'Story 3']);
    expect(cardTitles(out, 'section/news/page/2/index.html')).toEqual(['Ended priority']);
  });

  it('should count featuredUntil as the next change, and drop the story from the top once it passes', async () => {
    expect(result.stdout + result.stderr).toContain('next: "Old featured" stops being featured 2024-06-01T12:00:00Z');
    const later = path.join(site, 'later');
    const after = await runCli(['build', '--no-cache', '--now', '2024-06-01T12:00', '-o', 'later'], site);
    expect(after.code, after.stderr).toBe(0);
    expect(cardTitles(later, 'index.html')[0]).toBe('Story 12');
    // Now it is an old Arts story: in the Arts block, below the top stories.
    expect(cardTitles(later, 'index.html').slice(0, 4)).toEqual(['Story 12', 'Story 11', 'Story 10', 'Story 9']);
    expect(headings(later)).toContain('Arts');
  });

  it('should order featured stories by priority, then newest, on a front page without blocks', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ pageSize: 3 }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01', featured: true }),
      'articles/b.md': article({ title: 'B', date: '2024-01-02', priority: 5 }),
      'articles/c.md': article({ title: 'C', date: '2024-01-03', priority: -1 }),
      'articles/d.md': article({ title: 'D', date: '2024-01-04' }),
      'articles/e.md': article({ title: 'E', date: '2024-01-05', featured: true }),
    });
    const built = await runCli(['build', '--no-cache'], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(cardTitles(path.join(dir, 'dist'), 'index.html')).toEqual(['B', 'E', 'A']);
    expect(cardTitles(path.join(dir, 'dist'), 'page/2/index.html')).toEqual(['C', 'D']);
  });

  it('should give each language its block titles and section labels', async () => {
    const dir = tempDir();
    const files = curatedSite({ language: 'fr' });
    writeFiles(dir, files);
    const built = await runCli(['build', '--no-cache', '--now', '2024-02-01'], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(headings(path.join(dir, 'dist')).slice(0, 3)).toEqual(['À la une', 'News', 'Économie']);
  });
});

describe('curated front page under watch', () => {
  it('should equal a clean build after an edit of a story on it, featuring a story and ending it', async () => {
    const site = tempDir();
    const files = curatedSite();
    // No --now in watch: no end time that the clock could pass during the test.
    files['articles/old-featured.md'] = article({ title: 'Old featured', date: '2023-05-01', section: 'Arts', featured: true });
    writeFiles(site, files);
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      const edit = async (name: string, from: string, to: string) => {
        const file = path.join(site, 'articles', name);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
        return session.rebuild([file]);
      };
      // A story in a section block: retitled in place.
      const retitled = await edit('s9.md', 'title: "Story 9"', 'title: "Story nine"');
      expect(retitled.written).toContain('index.html');
      expect(cardTitles(out, 'index.html')).toContain('Story nine');
      await expectCleanBuild(site, out, 'retitled');
      // The lead itself, retitled.
      await edit('old-featured.md', 'title: "Old featured"', 'title: "Old, featured"');
      expect(cardTitles(out, 'index.html')[0]).toBe('Old, featured');
      await expectCleanBuild(site, out, 'lead retitled');
      // A higher priority takes the lead; ending it gives the lead back.
      await edit('s1.md', 'section: "Business"', 'section: "Business"\npriority: 3');
      expect(cardTitles(out, 'index.html')[0]).toBe('Story 1');
      expect(cardTitles(out, 'section/business/index.html')[0]).toBe('Story 1');
      await expectCleanBuild(site, out, 'featured');
      // A priority with featured: false contradicts itself: an error, and the site stays as it was.
      await expect(edit('s1.md', 'priority: 3', 'priority: 3\nfeatured: false')).rejects.toThrow(/Build failed/);
      await edit('s1.md', '\npriority: 3', '');
      expect(cardTitles(out, 'index.html')[0]).toBe('Old, featured');
      await expectCleanBuild(site, out, 'unfeatured');
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('curation errors', () => {
  it('should report bad front matter at its line and column', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\npriority: high\n---\nText.\n',
      'articles/b.md': '---\ntitle: B\ndate: 2024-01-01\nfeatured: yes please\nbreakingUntil: 2024-02-01\n---\nText.\n',
      'articles/c.md': '---\ntitle: C\ndate: 2024-01-05\nbreaking: true\nbreakingUntil: 2024-01-02\nfeaturedUntil: tomorrow\nfeatured: true\n---\nText.\n',
      'articles/p.md': '---\nkind: page\ntitle: P\nfeatured: true\n---\nText.\n',
    });
    const built = await runCli(['build', '--no-cache'], dir);
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/a\.md:4:\d+.*"priority" must be a number/);
    expect(built.stderr).toMatch(/b\.md:4:\d+.*"featured" must be true or false/);
    expect(built.stderr).toMatch(/b\.md:5:\d+.*"breakingUntil" needs "breaking: true"/);
    expect(built.stderr).toMatch(/c\.md:5:\d+.*"breakingUntil" must be later than "date"/);
    expect(built.stderr).toMatch(/c\.md:6:\d+.*"featuredUntil": "tomorrow" is not a date/);
    expect(built.stderr).toMatch(/p\.md:4:\d+.*"featured" is for articles only/);
    expect(built.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should quote the text read and give the range of "priority", not just the word "string"', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\npriority: high\n---\nText.\n',
      'articles/b.md': '---\ntitle: B\ndate: 2024-01-01\nfeatured: yes please\ndraft: not yet\n---\nText.\n',
      'articles/c.md': '---\ntitle: C\ndate: 2024-01-01\npriority: 2000000\n---\nText.\n',
    });
    const built = await runCli(['build', '--no-cache'], dir);
    expect(built.code).toBe(1);
    const lines = built.stderr.split('\n').filter((line) => / error /.test(line));
    expect(lines).toEqual([
      'articles/a.md:4:11: error "priority" must be a number from -1000000 to 1000000 (higher stays above lower), not "high" [front-matter-type]',
      'articles/b.md:4:11: error "featured" must be true or false, not "yes please" [front-matter-type]',
      'articles/b.md:5:8: error "draft" must be true or false, not "not yet" [front-matter-type]',
      'articles/c.md:4:11: error "priority" must be a number from -1000000 to 1000000 (higher stays above lower), not the number 2000000 [front-matter-type]',
    ]);
  });

  it('should warn about a section in front or sections that no article has, and not about one whose stories are scheduled', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({
        title: 'Daily',
        sections: ['News', 'Sprot', 'Elections'],
        front: { blocks: [{ type: 'lead' }, { section: 'Elections' }, { section: 'Electons' }, { section: 'Weather' }] },
      }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01', section: 'News' }),
      'articles/b.md': article({ title: 'B', date: '2024-01-02', section: 'Sport' }),
      'articles/vote.md': article({ title: 'Vote', date: '2024-06-01', section: 'Elections' }),
    });
    const built = await runCli(['build', '--no-cache', '--now', '2024-02-01'], dir);
    expect(built.code, built.stderr).toBe(0);
    const warnings = built.stderr.split('\n').filter((line) => line.includes('[section-unknown]'));
    expect(warnings).toEqual([
      'gazette.config.json: warning "front" blocks[2]."section": "Electons" is no article\'s section: the block shows nothing (did you mean "Elections"?) [section-unknown]',
      'gazette.config.json: warning "front" blocks[3]."section": "Weather" is no article\'s section: the block shows nothing [section-unknown]',
      'gazette.config.json: warning "sections" [1]: "Sprot" is no article\'s section: it orders nothing (did you mean "Sport"?) [section-unknown]',
    ]);
    // --strict makes them errors, and the output stays as it was.
    const strict = await runCli(['build', '--no-cache', '--strict', '--now', '2024-02-01'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('gazette.config.json: error "front" blocks[2]."section": "Electons" is no article\'s section');
  });

  it('should name the config file for a bad front or sections setting', async () => {
    const cases: [unknown, RegExp][] = [
      [{ front: { blocks: [{ type: 'lead' }, { section: 'News', layout: 'tiles' }] } }, /"front" blocks\[1\]\."layout" must be one of "lead", "list", "grid", "headlines", not "tiles"/],
      [{ front: { blocks: [] } }, /"front" "blocks" must be a list of 1 to 100 blocks/],
      [{ front: { blocks: [{ type: 'section' }] } }, /"front" blocks\[0\] needs a "section"/],
      [{ front: { blocks: [{ size: 0 }] } }, /"front" blocks\[0\]\."size" must be a whole number from 1 to 100/],
      [{ front: { blocks: [{ title: { 'not a tag!': 'x' } }] } }, /"front" blocks\[0\]\."title" has "not a tag!", which is not a language tag/],
      [{ front: { order: [] } }, /"front" has an unknown key "order"/],
      [{ sections: ['News', 'news'] }, /"sections" \[1\]: "news" is listed twice/],
      [{ sections: [{ name: 'News', labels: 'x' }] }, /"sections" \[0\] has an unknown key "labels"/],
    ];
    for (const [config, message] of cases) {
      const dir = tempDir();
      writeFiles(dir, { 'gazette.config.json': JSON.stringify(config, null, 2), 'articles/a.md': article({ title: 'A', date: '2024-01-01' }) });
      const built = await runCli(['build', '--no-cache'], dir);
      expect(built.code, JSON.stringify(config)).toBe(1);
      expect(built.stderr).toMatch(/gazette\.config\.json:\d+:\d+/);
      expect(built.stderr).toMatch(message);
    }
  });
});
