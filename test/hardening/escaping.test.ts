/**
 * Markup in every text field: titles, tags, section, author, summary, image
 * alt/caption/credit and the site's own title. Fixture: test/fixtures/hostile-escaping/.
 * Every page is parsed back: no injected script, attributes round-trip to the
 * raw strings, structured data, feeds and the search index parse and hold them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readHtml } from '../helpers.js';
import { expectBuilt, expectNoStack, hostileBuild, sandbox, type HostileRun } from './harness.js';

const FIXTURE = 'hostile-escaping';
const nasty = (label: string, n: number) => `${label} <script>alert(${n})</script> "quotes" 'single' &amp; </script>`;
const SITE = nasty('Site', 0);
const DESCRIPTION = `Desc <script>alert(9)</script> "q" 'single' &amp; </script><!--`;
const TITLE = `${nasty('Title', 1)} end`;
const AUTHOR = nasty('Author', 2);
const SECTION = nasty('Section', 3);
const TAGS = ['Tag <script>alert(4)</script>', `"quotes" 'single' &amp; </script>`];
const SUMMARY = `${nasty('Summary', 5)}<!-- end`;
const ALT = nasty('Alt', 6);
const CAPTION = nasty('Caption', 7);
const CREDIT = nasty('Credit', 8);
const ARTICLE = '2023/02/hostile/index.html';

let run: HostileRun;
let files: string[];
beforeAll(async () => {
  run = await hostileBuild(sandbox(FIXTURE), ['-s', 'articles']);
  files = listFiles(run.out);
});

const meta = (page: HTMLElement, key: string) =>
  page.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`).map((m) => m.getAttribute('content'));

describe('hostile text in every field', () => {
  it('should build', () => {
    expectBuilt(run);
    expect(files).toContain(ARTICLE);
  });

  it('should never let an injected script run on any page', () => {
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(8);
    for (const file of pages) {
      const raw = fs.readFileSync(path.join(run.out, file), 'utf8');
      expect(raw, file).not.toMatch(/<script>alert/i);
      const page = readHtml(run.out, file);
      for (const script of page.querySelectorAll('script')) {
        const type = script.getAttribute('type');
        if (type === 'application/ld+json') {
          expect(script.rawText, file).not.toMatch(/<\/script|<!--/i);
          expect(() => JSON.parse(script.rawText), file).not.toThrow();
        } else {
          // Only the theme's own external script.
          expect(script.getAttribute('src'), `${file}: ${script.toString().slice(0, 120)}`).toMatch(/^\/assets\/js\/[\w.-]+\.js$/);
          expect(script.rawText.trim(), file).toBe('');
        }
      }
      for (const el of page.querySelectorAll('*')) {
        for (const name of Object.keys(el.attributes)) expect(name.toLowerCase(), `${file}: <${el.tagName} ${name}>`).not.toMatch(/^on/);
      }
    }
  });

  it('should show the raw strings as text and round-trip them through attributes on the article page', () => {
    const page = readHtml(run.out, ARTICLE);
    expect(page.querySelector('h1')!.text).toBe(TITLE);
    expect(page.querySelector('title')!.text).toBe(`${TITLE} – ${SITE}`);
    expect(page.querySelector('.standfirst')!.text).toBe(SUMMARY);
    expect(page.querySelector('a[rel="author"]')!.text).toBe(AUTHOR);
    expect(page.querySelector('.kicker a')!.text).toBe(SECTION);
    expect(page.querySelectorAll('a[rel="tag"]').map((a) => a.text)).toEqual(TAGS);
    expect(page.querySelector('figure.lead-image img')!.getAttribute('alt')).toBe(ALT);
    const caption = page.querySelector('figure.lead-image figcaption')!;
    expect(caption.childNodes[0]!.text).toBe(`${CAPTION} `);
    expect(caption.querySelector('.credit')!.text).toBe(CREDIT);
    expect(meta(page, 'og:title')).toEqual([TITLE]);
    expect(meta(page, 'twitter:title')).toEqual([TITLE]);
    expect(meta(page, 'description')).toEqual([SUMMARY]);
    expect(meta(page, 'og:description')).toEqual([SUMMARY]);
    expect(meta(page, 'og:image:alt')).toEqual([ALT]);
    expect(meta(page, 'article:section')).toEqual([SECTION]);
    expect(meta(page, 'article:author')).toEqual([AUTHOR]);
    expect(meta(page, 'article:tag')).toEqual(TAGS);
    expect(meta(page, 'og:site_name')).toEqual([SITE]);
    const alternates = page.querySelectorAll('link[rel="alternate"]').map((l) => l.getAttribute('title'));
    expect(alternates).toContain(`${SITE}: ${SECTION} (Atom)`);
  });

  it('should put the raw strings in JSON-LD that parses', () => {
    const page = readHtml(run.out, ARTICLE);
    const ld = page.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText));
    expect(ld).toHaveLength(1);
    expect(ld[0].headline).toBe(TITLE);
    expect(ld[0].description).toBe(SUMMARY);
    expect(ld[0].articleSection).toBe(SECTION);
    expect(ld[0].keywords).toEqual(TAGS);
    expect(ld[0].author[0].name).toBe(AUTHOR);
    expect(ld[0].publisher.name).toBe(SITE);
    const home = readHtml(run.out, 'index.html');
    expect(home.querySelector('title')!.text).toBe(SITE);
    expect(meta(home, 'description')).toEqual([DESCRIPTION]);
    const homeLd = home.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText));
    expect(homeLd[0].name).toBe(SITE);
  });

  it('should escape the Atom feeds so they parse back to the raw strings', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'entry' || name === 'category' });
    const sectionFeed = files.find((f) => /^section\/[^/]+\/feed\.xml$/.test(f));
    expect(sectionFeed).toBeDefined();
    for (const file of ['feed.xml', sectionFeed!]) {
      const xml = fs.readFileSync(path.join(run.out, file), 'utf8');
      const feed = parser.parse(xml).feed;
      expect(feed.title['#text'], file).toBe(file === 'feed.xml' ? SITE : `${SITE}: ${SECTION}`);
      const [entry] = feed.entry;
      expect(entry.title['#text']).toBe(TITLE);
      expect(entry.summary['#text']).toBe(SUMMARY);
      expect(entry.author.name).toBe(AUTHOR);
      expect(entry.category.map((c: Record<string, string>) => c['@_term'])).toEqual([SECTION, ...TAGS]);
    }
  });

  it('should write a JSON feed and search index that parse to the raw strings', () => {
    const feed = JSON.parse(fs.readFileSync(path.join(run.out, 'feed.json'), 'utf8'));
    expect(feed.title).toBe(SITE);
    expect(feed.items[0].title).toBe(TITLE);
    expect(feed.items[0].summary).toBe(SUMMARY);
    expect(feed.items[0].authors[0].name).toBe(AUTHOR);
    expect(feed.items[0].tags).toEqual([SECTION, ...TAGS]);
    const records = listFiles(run.out).filter((f) => f.startsWith('search-index/d/'));
    const record = records.map((f) => JSON.parse(fs.readFileSync(path.join(run.out, f), 'utf8'))).find((r) => r.t === TITLE);
    expect(record).toMatchObject({ t: TITLE, s: SECTION, x: SUMMARY });
  });
});

describe('hostile URLs in the image field', () => {
  it('should never put a javascript: URL from front matter into a page, feed or structured data', async () => {
    const js = await hostileBuild(sandbox(FIXTURE), ['-s', 'js-image']);
    expectNoStack(js);
    expect(js.outside).toEqual([]);
    if (js.code === 0) {
      for (const file of listFiles(js.out)) {
        expect(fs.readFileSync(path.join(js.out, file), 'utf8'), file).not.toMatch(/javascript:/i);
      }
    } else {
      // Or refused, pointing at the field.
      expect(js.code).toBe(1);
      expect(js.stderr).toContain('js-image/a.md:4:8: error');
      expect(js.stderr).toContain('js-image/b.md:4:8: error');
    }
  });
});
