/**
 * Share links (config "share"): plain links to each network's share page with
 * the article's address and title encoded into them, the copy-link and share
 * buttons left for the browser to show, an off switch, and config errors that
 * name the key; front matter `share: false` hides them on one article.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const HOSTILE = 'Quotes "and" \'apostrophes\' & </script><b>bold</b> 中文标题 #1?x=y';

async function build(config: Record<string, unknown>, files: Record<string, string> = {}) {
  const site = tempDir();
  writeFiles(site, {
    'gazette.config.json': JSON.stringify({ title: 'Daily', ...config }),
    'articles/hostile.md': article({ title: HOSTILE, date: '2024-03-01', section: 'News' }),
    'articles/about.md': '---\nkind: page\ntitle: About\n---\nUs.\n',
    ...files,
  });
  const result = await runCli(['build', '--no-cache'], site);
  return { site, out: path.join(site, 'dist'), ...result };
}

describe('share links', () => {
  it('should link to each default network with the address and a hostile title encoded, and offer copy and share buttons', async () => {
    const { out, code, stderr } = await build({ url: 'https://example.org/news/' });
    expect(code, stderr).toBe(0);
    const page = readHtml(out, '2024/03/hostile/index.html');
    const block = page.querySelector('section.share')!;
    expect(block).not.toBeNull();
    expect(block.hasAttribute('hidden')).toBe(false);
    expect(block.querySelector('h2')!.text).toBe('Share this article');
    const links = block.querySelectorAll('a.share-link');
    expect(links.map((a) => a.text.trim())).toEqual(['Email', 'X', 'Facebook', 'LinkedIn', 'WhatsApp', 'Bluesky']);

    const address = 'https://example.org/news/2024/03/hostile/';
    const hrefs = links.map((a) => a.getAttribute('href')!);
    // The parsed attribute decodes to the URL gazette made: each value one component, percent-encoded.
    const email = new URL(hrefs[0]!);
    expect(email.protocol).toBe('mailto:');
    expect(decodeURIComponent(/subject=([^&]*)/.exec(email.href)![1]!)).toBe(HOSTILE);
    expect(decodeURIComponent(/body=([^&]*)/.exec(email.href)![1]!)).toBe(address);
    const x = new URL(hrefs[1]!);
    expect(x.origin + x.pathname).toBe('https://x.com/intent/tweet');
    expect(x.searchParams.get('text')).toBe(HOSTILE);
    expect(x.searchParams.get('url')).toBe(address);
    expect([...x.searchParams.keys()]).toEqual(['text', 'url']);
    expect(new URL(hrefs[2]!).searchParams.get('u')).toBe(address);
    expect(new URL(hrefs[3]!).searchParams.get('url')).toBe(address);
    expect(new URL(hrefs[4]!).searchParams.get('text')).toBe(`${HOSTILE} ${address}`);
    expect(new URL(hrefs[5]!).searchParams.get('text')).toBe(`${HOSTILE} ${address}`);
    // Links to networks send no referrer; the e-mail link is the reader's own mail program.
    expect(links.slice(1).every((a) => a.getAttribute('rel') === 'noreferrer')).toBe(true);

    const html = fs.readFileSync(path.join(out, '2024/03/hostile/index.html'), 'utf8');
    // The title never reaches the markup raw: no element, no second script end, no bare quote in an attribute.
    expect(html).not.toContain('<b>bold</b>');
    expect(html.match(/<\/script>/g)!.length).toBe(html.match(/<script\b/g)!.length);
    const copy = block.querySelector('[data-share-copy]')!;
    expect(copy.getAttribute('data-share-copy')).toBe(address);
    expect(copy.parentNode.hasAttribute('hidden')).toBe(true);
    const native = block.querySelector('[data-share-native]')!;
    expect(native.getAttribute('data-title')).toBe(HOSTILE);
    expect(native.parentNode.hasAttribute('hidden')).toBe(true);
    // The icons are the theme's own, inline.
    expect(block.querySelectorAll('svg.icon').length).toBeGreaterThanOrEqual(3);

    // Standalone pages and listings have no share block.
    expect(readHtml(out, 'about/index.html').querySelector('.share')).toBeNull();
    expect(readHtml(out, 'index.html').querySelector('.share')).toBeNull();
  });

  it('should list the configured networks in their order, with the theme strings of the page language', async () => {
    const { out, code, stderr } = await build({ url: 'https://example.org/', language: 'zh-CN', share: { networks: ['weibo', 'telegram', 'reddit', 'email'], copyLink: false } });
    expect(code, stderr).toBe(0);
    const block = readHtml(out, '2024/03/hostile/index.html').querySelector('section.share')!;
    expect(block.querySelector('h2')!.text).toBe('分享本文');
    const links = block.querySelectorAll('a.share-link');
    expect(links.map((a) => a.text.trim())).toEqual(['Weibo', 'Telegram', 'Reddit', '电子邮件']);
    const weibo = new URL(links[0]!.getAttribute('href')!);
    expect(weibo.searchParams.get('title')).toBe(HOSTILE);
    expect(new URL(links[1]!.getAttribute('href')!).searchParams.get('url')).toBe('https://example.org/2024/03/hostile/');
    expect(new URL(links[2]!.getAttribute('href')!).searchParams.get('title')).toBe(HOSTILE);
    expect(block.querySelector('[data-share-copy]')).toBeNull();
    expect(block.querySelector('[data-share-native]')).not.toBeNull();
  });

  it('should leave the share block out when it is switched off, and keep the print button', async () => {
    for (const share of [false, { enabled: false }]) {
      const { out, code, stderr } = await build({ url: 'https://example.org/', share });
      expect(code, stderr).toBe(0);
      const page = readHtml(out, '2024/03/hostile/index.html');
      expect(page.querySelector('.share'), JSON.stringify(share)).toBeNull();
      expect(page.querySelector('button[data-print]')).not.toBeNull();
    }
  });

  it('should make no network links without an absolute site address, but keep the buttons for the browser', async () => {
    const { out, code, stderr } = await build({});
    expect(code, stderr).toBe(0);
    const block = readHtml(out, '2024/03/hostile/index.html').querySelector('section.share')!;
    expect(block.querySelectorAll('a')).toHaveLength(0);
    // Hidden until the script finds something the browser can do.
    expect(block.hasAttribute('hidden')).toBe(true);
    expect(block.querySelector('[data-share-copy]')!.getAttribute('data-share-copy')).toBe('/2024/03/hostile/');
  });

  it('should re-render article pages from the cache when the share setting changes, as a clean build would', async () => {
    const { site, out, code, stderr } = await build({ url: 'https://example.org/' });
    expect(code, stderr).toBe(0);
    const first = await runCli(['build'], site);
    expect(first.code, first.stderr).toBe(0);
    // That build filled the cache; each change of "share" must reach every article page.
    for (const share of [{ networks: ['reddit'] }, false, { networks: ['email'], copyLink: false }]) {
      writeFiles(site, { 'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', share }) });
      const cached = await runCli(['build'], site);
      expect(cached.code, cached.stderr).toBe(0);
      await expectCleanBuild(site, out, JSON.stringify(share));
    }
    expect(readHtml(out, '2024/03/hostile/index.html').querySelectorAll('.share a').map((a) => a.text.trim())).toEqual(['Email']);
  });

  it.each([
    [{ networks: ['email', 'Twitter'] }, /"share" "networks\[1\]" is "Twitter", which is not a network gazette knows; did you mean "x"\? \(known: "email", "x"/],
    [{ networks: ['facebok'] }, /"share" "networks\[0\]" is "facebok", which is not a network gazette knows; did you mean "facebook"\?/],
    [{ networks: ['myspace'] }, /"share" "networks\[0\]" is "myspace", which is not a network gazette knows \(known: "email", "x", "facebook"/],
    [{ networks: 'email' }, /"share" "networks" must be a list of networks from "email", "x"/],
    [{ networks: ['x', 'x'] }, /"share" "networks\[1\]": "x" is listed twice/],
    [{ enabled: 'no' }, /"share" "enabled" must be true or false, not "no"/],
    [{ netwroks: ['x'] }, /"share" has an unknown key "netwroks" \(did you mean "networks"\?\)/],
    ['yes', /"share" must be false, or an object such as/],
  ])('should reject share %j with an error naming the key', async (share, message) => {
    const { code, stderr, out } = await build({ url: 'https://example.org/', share });
    expect(code).toBe(1);
    expect(stderr).toMatch(/gazette\.config\.json:\d+:\d+/);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('should hide the share block on an article with "share: false" only, and let "share: true" follow the site setting', async () => {
    const files = {
      'articles/quiet.md': '---\ntitle: Quiet\ndate: 2024-03-02\nshare: false\n---\nNo links.\n',
      'articles/loud.md': '---\ntitle: Loud\ndate: 2024-03-03\nshare: true\n---\nLinks.\n',
      // A page may say it too: pages have no share block either way.
      'articles/contact.md': '---\nkind: page\ntitle: Contact\nshare: false\n---\nWrite.\n',
    };
    const { out, code, stderr } = await build({ url: 'https://example.org/' }, files);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/share/);
    expect(readHtml(out, '2024/03/quiet/index.html').querySelector('.share')).toBeNull();
    // The rest of the page is there: only the block goes.
    expect(readHtml(out, '2024/03/quiet/index.html').querySelector('button[data-print]')).not.toBeNull();
    expect(readHtml(out, '2024/03/loud/index.html').querySelectorAll('section.share a.share-link')).toHaveLength(6);
    expect(readHtml(out, '2024/03/hostile/index.html').querySelectorAll('section.share a.share-link')).toHaveLength(6);
    expect(readHtml(out, 'contact/index.html').querySelector('.share')).toBeNull();

    // "share: true" cannot turn on what the site turned off.
    const off = await build({ url: 'https://example.org/', share: false }, files);
    expect(off.code, off.stderr).toBe(0);
    for (const page of ['2024/03/quiet/index.html', '2024/03/loud/index.html', '2024/03/hostile/index.html']) {
      expect(readHtml(off.out, page).querySelector('.share'), page).toBeNull();
    }
  });

  it.each([
    ['no', /"share" must be true or false \(false hides the share links on this article\), not "no"/],
    ['"false"', /"share" must be true or false .*, not "false"/],
    ['0', /"share" must be true or false .*, not the number 0/],
    ['[x]', /"share" must be true or false .*, not a list/],
    ['{enabled: false}', /"share" must be true or false .*, not a mapping/],
  ])('should reject front matter "share: %s" with an error at its line and column', async (value, message) => {
    const { code, stderr, out } = await build({ url: 'https://example.org/' }, {
      'articles/bad.md': `---\ntitle: Bad\ndate: 2024-03-02\nshare: ${value}\n---\nText.\n`,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`articles[\\\\/]bad\\.md:4:8\\b`));
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('should re-render an article page from the cache when its "share" changes, as a clean build would', async () => {
    const source = (share: string) => `---\ntitle: Toggled\ndate: 2024-03-02\n${share}---\nText.\n`;
    const { site, out, code, stderr } = await build({ url: 'https://example.org/' }, { 'articles/toggled.md': source('') });
    expect(code, stderr).toBe(0);
    const first = await runCli(['build'], site);
    expect(first.code, first.stderr).toBe(0);
    // That build filled the cache; each change of the field must reach the page (and only the field changes).
    for (const [share, shown] of [['share: false\n', false], ['share: true\n', true], ['share: false\n', false], ['', true]] as const) {
      writeFiles(site, { 'articles/toggled.md': source(share) });
      const cached = await runCli(['build'], site);
      expect(cached.code, cached.stderr).toBe(0);
      expect(readHtml(out, '2024/03/toggled/index.html').querySelector('section.share') !== null, share).toBe(shown);
      await expectCleanBuild(site, out, share || 'absent');
    }
  });

  it('should re-render an article page in watch mode when its "share" changes, as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/' }),
      'articles/toggled.md': '---\ntitle: Toggled\ndate: 2024-03-02\n---\nText.\n',
      'articles/other.md': article({ title: 'Other', date: '2024-03-01' }),
    });
    const out = path.join(site, 'dist');
    const file = path.join(site, 'articles/toggled.md');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      let before = true;
      for (const [from, to, shown] of [['---\nText', 'share: false\n---\nText', false], ['share: false', 'share: true', true], ['share: true\n', '', true], ['---\nText', 'share: false\n---\nText', false]] as const) {
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
        const result = await session.rebuild([file]);
        if (shown !== before) expect(result.written, to).toContain('2024/03/toggled/index.html');
        before = shown;
        expect(readHtml(out, '2024/03/toggled/index.html').querySelector('section.share') !== null, to).toBe(shown);
        expect(readHtml(out, '2024/03/other/index.html').querySelector('section.share')).not.toBeNull();
        await expectCleanBuild(site, out, to);
      }
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});
