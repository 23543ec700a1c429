import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, readHtml, runCli, tempDir, writeFiles } from './helpers.js';

const svg = (attributes: string) => `<?xml version="1.0"?>\n<!-- <svg width="1" height="1"> -->\n<svg xmlns="http://www.w3.org/2000/svg" ${attributes}><rect width="10" height="10"/></svg>`;

const BODY = [
  '![markdown](photo.jpg)', // line 6 of the file (front matter is 4 lines, then a blank)
  '',
  '<img src="photo.jpg" width="200" alt="width only">',
  '',
  '<img src="photo.jpg" height="300px" alt="height in px">',
  '',
  '<img src="photo.jpg" width="300px" height="300px" alt="both in px">',
  '',
  '<img src="photo.jpg" width="abc" alt="garbage">',
  '',
  '<img src="photo.jpg" width="50%" height="-3" alt="percent and negative">',
  '',
  '<img src="photo.jpg" width="800" alt="wider than the column">',
  '',
  '<img src="https://example.com/remote.jpg" width="120px" height="x" alt="remote">',
  '',
  '![points](points.svg)',
  '',
  '<img src="points.svg" width="200" alt="svg width only">',
  '',
  '![inches](inches.svg) ![ems](ems.svg) ![percent](percent.svg) ![view box](box.svg)',
  '',
  ':::gallery{caption="Readers\' photos"}',
  '![gallery one](photo.jpg)',
  '![gallery two](photo.jpg)',
  ':::',
  '',
  '![after the gallery](photo.jpg)',
].join('\n');

describe('sizes for every image', () => {
  let dir: string;
  let stderr: string;
  let page: ReturnType<typeof readHtml>;
  const img = (alt: string) => page.querySelectorAll('article img').find((i) => i.getAttribute('alt') === alt)!;
  const size = (alt: string) => [img(alt).getAttribute('width'), img(alt).getAttribute('height')];

  beforeAll(async () => {
    dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ images: { avifEffort: 0 } }),
      'articles/post.md': article({ title: 'Sizes', date: '2024-06-01' }, `\n${BODY}`),
      'articles/points.svg': svg('width="551pt" height="22pc" viewBox="0 0 551 264"'),
      'articles/inches.svg': svg("width='2in' height='1cm'"),
      'articles/ems.svg': svg('width="10em" viewBox="0 0 4 1"'),
      'articles/percent.svg': svg('width="100%" height="50mm" viewBox="0,0,2,1"'),
      'articles/box.svg': svg('viewBox="0 0 300 150"'),
    });
    await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(dir, 'articles/photo.jpg'));
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    stderr = result.stderr;
    page = readHtml(path.join(dir, 'dist'), '2024/06/post/index.html');
  });

  it('should give Markdown images both dimensions and the column-wide sizes', () => {
    expect(size('markdown')).toEqual(['1000', '600']);
    expect(img('markdown').getAttribute('sizes')).toBe('(min-width: 44rem) 40rem, 100vw');
  });

  it("should give a gallery's images the sizes of its grid's cells, a third of the column on a wide screen", () => {
    const gallery = '(min-width: 44rem) 13rem, (min-width: 26rem) 50vw, 100vw';
    for (const alt of ['gallery one', 'gallery two']) {
      const picture = img(alt).parentNode;
      for (const element of [...picture.querySelectorAll('source'), img(alt)]) expect(element.getAttribute('sizes')).toBe(gallery);
    }
    expect(img('after the gallery').getAttribute('sizes')).toBe('(min-width: 44rem) 40rem, 100vw');
  });

  it("should take the author's width or height as the box, the other from the photo's ratio, and fit sizes to it", () => {
    expect(size('width only')).toEqual(['200', '120']);
    const picture = img('width only').parentNode;
    for (const element of [...picture.querySelectorAll('source'), img('width only')]) {
      expect(element.getAttribute('sizes')).toBe('(max-width: 200px) 100vw, 200px');
    }
    expect(size('height in px')).toEqual(['500', '300']);
    expect(img('height in px').getAttribute('sizes')).toBe('(max-width: 500px) 100vw, 500px');
    // Both given: the author's box stands, corrected to HTML's whole numbers.
    expect(size('both in px')).toEqual(['300', '300']);
    // No wider than the column: the column's sizes.
    expect(size('wider than the column')).toEqual(['800', '480']);
    expect(img('wider than the column').getAttribute('sizes')).toBe('(min-width: 44rem) 40rem, 100vw');
  });

  it('should drop a percentage, a negative number or garbage and size the image from the photo', () => {
    expect(size('garbage')).toEqual(['1000', '600']);
    expect(size('percent and negative')).toEqual(['1000', '600']);
    expect(img('garbage').getAttribute('sizes')).toBe('(min-width: 44rem) 40rem, 100vw');
    // A remote image of unknown size keeps what is valid, corrected.
    expect(size('remote')).toEqual(['120', undefined]);
  });

  it('should warn at file:line:column for each corrected size', () => {
    const at = (line: number, text: string) => expect(stderr).toMatch(new RegExp(`articles/post\\.md:${line}:1[^\\n]*${text}`));
    at(10, 'height="300px" is not a whole number of CSS pixels, as HTML requires: written as height="300"');
    at(12, 'width="300px"');
    at(12, 'height="300px"');
    at(14, 'width="abc" is not a size in CSS pixels');
    at(16, 'width="50%" is not a size in CSS pixels');
    at(16, 'height="-3" is not a size in CSS pixels');
    at(20, 'width="120px"');
    at(20, 'height="x" is not a size in CSS pixels[^\\n]*left out');
    expect(stderr).not.toMatch(/post\.md:8:1[^\n]*width="200"/);
    expect(stderr).not.toMatch(/post\.md:6:/);
  });

  it('should measure SVGs in CSS pixels, the viewBox giving only the ratio of a missing or relative side', () => {
    expect(size('points')).toEqual(['735', '352']);
    expect(size('svg width only')).toEqual(['200', '96']);
    expect(size('inches')).toEqual(['192', '38']);
    expect(size('ems')).toEqual(['160', '40']);
    expect(size('percent')).toEqual(['378', '189']);
    expect(size('view box')).toEqual(['300', '150']);
    expect(fs.existsSync(path.join(dir, 'dist/points.svg'))).toBe(true);
  });
});
