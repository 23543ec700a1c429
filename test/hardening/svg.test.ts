/**
 * Issue #26: an SVG among the sources runs its scripts in the site's origin
 * when opened, so it is published sanitized (unless trustHtml).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sanitizeSvg, SvgProblem } from '../../lib/images/svg-sanitize.js';
import { runCli, snapshotTree } from '../helpers.js';
import { expectBuilt, expectNoStack, hostileBuild, sandbox } from './harness.js';

const ARTICLE = '---\ntitle: Chart\ndate: 2024-05-01\n---\nThe chart:\n\n![chart](img/chart.svg)\n';

const HOSTILE = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="https://evil.example/x.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:h="http://www.w3.org/1999/xhtml" width="100" height="50" onload="alert(1)">
  <style>@import url(https://evil.example/y.css); rect { fill: red }</style>
  <style>.a { fill: url(#g) }</style>
  <script>alert(document.domain)</script>
  <linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>
  <a xlink:href="java&#x09;script:alert(2)"><rect width="10" height="10" class="a"/></a>
  <a href="https://example.org/"><text x="1" y="20">Port &amp; harbour</text></a>
  <use href="https://evil.example/sprite.svg#i"/>
  <use xlink:href="#g"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <image href="//evil.example/pixel.png" width="1" height="1"/>
  <foreignObject><h:iframe src="javascript:alert(3)"/></foreignObject>
  <h:script>alert(4)</h:script>
  <set attributeName="xlink:href" to="javascript:alert(5)"/>
  <rect fill="url(https://evil.example/p.svg#x)" width="5" height="5" style="fill: blue"/>
</svg>
`;

const UNSAFE = /script|alert|onload|evil\.example|foreignObject|iframe|xml-stylesheet|@import/i;

describe('SVG files among the sources', () => {
  it('should publish them without scripts, handlers, script URLs or references elsewhere, keep the rest, and say what went in build and check', async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.cwd, 'articles/img'), { recursive: true });
    fs.writeFileSync(path.join(box.cwd, 'articles/a.md'), ARTICLE);
    fs.writeFileSync(path.join(box.cwd, 'articles/img/chart.svg'), HOSTILE);

    const check = await runCli(['check', '-s', 'articles'], box.cwd);
    expect(check.code, check.stderr).toBe(0);
    const warning = /^articles\/img\/chart\.svg:2:1: warning removed what could run a script or load a file from elsewhere when the SVG is opened: (.+) \[svg-sanitized\]$/m;
    const listed = warning.exec(check.stderr)?.[1];
    expect(listed, check.stderr).toBe(
      '<?xml-stylesheet?>, onload on <svg>, <style> that loads other files or runs code (@import, url() of another file), <script>, ' +
        'xlink:href="java\tscript:alert(2)" on <a>, href="https://evil.example/sprite.svg#i" on <use>, href="//evil.example/pixel.png" on <image>, ' +
        '<foreignObject>, <h:script>, <set attributeName="xlink:href">, fill="url(https://evil.example/p.svg#x)" on <rect>',
    );
    // check writes nothing, not even the cache.
    expect(fs.readdirSync(box.cwd).sort()).toEqual(['articles']);

    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(warning.exec(run.stderr)?.[1]).toBe(listed);
    const published = fs.readFileSync(path.join(run.out, 'img/chart.svg'), 'utf8');
    expect(published).not.toMatch(UNSAFE);
    for (const kept of ['<style>.a { fill: url(#g) }</style>', '<linearGradient id="g">', '<a href="https://example.org/">', 'Port &#x26; harbour', '<use xlink:href="#g" />', 'href="data:image/png;base64,iVBORw0KGgo="', 'style="fill: blue"', 'width="100" height="50"']) {
      expect(published).toContain(kept);
    }
    // The page shows it at its size.
    const page = fs.readFileSync(path.join(run.out, '2024/05/a/index.html'), 'utf8');
    expect(page).toContain('<img src="/img/chart.svg" alt="chart" loading="lazy" decoding="async" width="100" height="50">');
  });

  it('should publish the same bytes every time, sanitizing an SVG once, and copy SVGs byte for byte with trustHtml', async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.cwd, 'articles/img'), { recursive: true });
    fs.writeFileSync(path.join(box.cwd, 'articles/a.md'), ARTICLE);
    fs.writeFileSync(path.join(box.cwd, 'articles/img/chart.svg'), HOSTILE);
    fs.writeFileSync(path.join(box.cwd, 'articles/img/packed.svgz'), zlib.gzipSync(HOSTILE));
    const first = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(first);
    const store = path.join(box.cwd, '.gazette-cache/svg');
    const stored = fs.readdirSync(store).filter((f) => /\.svgz?$/.test(f));
    expect(stored).toHaveLength(2);
    const stamps = stored.map((f) => fs.statSync(path.join(store, f)).mtimeMs);
    const before = snapshotTree(first.out);
    expect(zlib.gunzipSync(before.get('img/packed.svgz')!).toString('utf8')).toBe(before.get('img/chart.svg')!.toString('utf8'));
    // Another article changes: the SVGs are not sanitized or written again.
    fs.writeFileSync(path.join(box.cwd, 'articles/b.md'), '---\ntitle: Other\ndate: 2024-05-02\n---\nText.\n');
    const second = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(second);
    expect(stored.map((f) => fs.statSync(path.join(store, f)).mtimeMs)).toEqual(stamps);
    expect(fs.readFileSync(path.join(second.out, 'img/chart.svg')).equals(before.get('img/chart.svg')!)).toBe(true);
    const clean = await hostileBuild(box, ['-s', 'articles', '--no-cache'], 'clean');
    expect(fs.readFileSync(path.join(clean.out, 'img/chart.svg')).equals(before.get('img/chart.svg')!)).toBe(true);

    fs.writeFileSync(path.join(box.cwd, 'gazette.config.json'), '{"trustHtml": true}');
    const trusted = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(trusted);
    expect(trusted.stderr).not.toContain('svg-sanitized');
    expect(fs.readFileSync(path.join(trusted.out, 'img/chart.svg'), 'utf8')).toBe(HOSTILE);
    expect(fs.readFileSync(path.join(trusted.out, 'img/packed.svgz')).equals(fs.readFileSync(path.join(box.cwd, 'articles/img/packed.svgz')))).toBe(true);
  });

  it('should refuse an SVG that is not well-formed XML at its line and column, and leave the last site whole', async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.cwd, 'articles/img'), { recursive: true });
    fs.writeFileSync(path.join(box.cwd, 'articles/a.md'), ARTICLE);
    fs.writeFileSync(path.join(box.cwd, 'articles/img/chart.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    expectBuilt(await hostileBuild(box, ['-s', 'articles']));
    const before = snapshotTree(path.join(box.cwd, 'out'));
    fs.writeFileSync(path.join(box.cwd, 'articles/img/chart.svg'), '<svg xmlns="http://www.w3.org/2000/svg">\n  <script>alert(1)</script>\n  <rect>\n</svg>\n');
    const run = await hostileBuild(box, ['-s', 'articles']);
    expect(run.code, run.stderr).toBe(1);
    expectNoStack(run);
    expect(run.stderr).toMatch(/^articles\/img\/chart\.svg:4:\d+: error is not well-formed XML \(.+\), so gazette cannot check it for scripts: fix or export it again \(or set "trustHtml" to publish SVGs as they are\) \[svg-invalid\]$/m);
    expect(snapshotTree(run.out)).toEqual(before);
  });
});

describe('sanitizeSvg', () => {
  const clean = (svg: string | Uint8Array) => {
    const result = sanitizeSvg(typeof svg === 'string' ? Buffer.from(svg) : svg);
    return { text: result.bytes.toString('utf8'), removed: result.removed.map((r) => r.what) };
  };

  it('should resolve namespaces as a browser does: any prefix for SVG, HTML by any name', () => {
    const out = clean('<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><s:script>alert(1)</s:script><s:a x:href="javascript:alert(2)"><s:rect/></s:a><p xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></p></s:svg>');
    expect(out.text).toBe('<s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><s:a><s:rect /></s:a></s:svg>');
    expect(out.removed).toEqual(['<s:script>', 'x:href="javascript:alert(2)" on <s:a>', '<p>']);
  });

  it('should keep harmless metadata of editors and refuse what hides a URL', () => {
    const out = clean(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3" xml:base="https://evil.example/">' +
        '<g inkscape:label="Layer 1" style="fill:u\\72l(https://evil.example/a)"/><g style="background: image-set(&quot;https://evil.example/b.png&quot; 1x)"/>' +
        '<animate attributeName="onclick" to="alert(1)"/><rect ONLOAD="x" onfocusin="y"/></svg>',
    );
    expect(out.text).toBe('<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3"><g inkscape:label="Layer 1" /><g /><rect /></svg>');
    expect(out.removed).toEqual([
      'xml:base on <svg>',
      'style="fill:u\\72l(https://evil.example/a)" on <g>',
      'style="background: image-set("https://evil.example/b.png" 1x)" on <g>',
      '<animate attributeName="onclick">',
      'ONLOAD on <rect>',
      'onfocusin on <rect>',
    ]);
  });

  it('should read UTF-16 and declared encodings, and write UTF-8', () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"><title>Café</title></svg>';
    expect(clean(Buffer.from(text, 'latin1')).text).toBe('<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg"><title>Café</title></svg>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><title>Café</title><script/></svg>', 'utf16le')]);
    expect(clean(utf16)).toEqual({ text: '<svg xmlns="http://www.w3.org/2000/svg"><title>Café</title></svg>', removed: ['<script>'] });
  });

  it('should refuse entities it cannot expand rather than guess', () => {
    expect(() => clean('<!DOCTYPE svg [<!ENTITY ns "http://www.w3.org/2000/svg">]><svg xmlns="&ns;"/>')).toThrow(SvgProblem);
  });
});
