/**
 * Issue #16: summaries, meta descriptions and reading times of Chinese, Japanese and mixed text.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';
import { truncate } from '../../lib/content/text.js';
import { countWords } from '../../lib/markdown/rehype-resolve-urls.js';
import { readingMinutes } from '../../lib/site/views.js';

const SHANDONG = '山东省2022年外贸进出口总值3.33万亿元，比上年增长13.8%，规模创历史新高。其中，出口2.05万亿元，增长17.9%；进口1.28万亿元，增长7.7%。';

describe('truncate', () => {
  it('should leave text that fits as it is, with its spaces tidied', () => {
    expect(truncate('  A short   summary. ', 200)).toBe('A short summary.');
  });

  it('should cut spaced text between words', () => {
    const text = 'The council voted on Tuesday to approve the harbour budget, which sets aside money for dredging.';
    expect(truncate(text, 40)).toBe('The council voted on Tuesday to…');
    expect(truncate(text, 60)).toBe('The council voted on Tuesday to approve the harbour budget…');
  });

  it('should cut Chinese text at a word or punctuation boundary and stay within the limit', () => {
    for (let max = 10; max < SHANDONG.length; max += 3) {
      const cut = truncate(SHANDONG, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…')).toBe(true);
      const kept = cut.slice(0, -1);
      expect(SHANDONG.startsWith(kept)).toBe(true);
      // Never inside a number such as 3.33 or 13.8%, never before a dangling comma.
      expect(kept).not.toMatch(/\d\.$|[，。；]$/);
    }
    // A clause boundary late enough is preferred to a word boundary.
    expect(truncate(SHANDONG, 40)).toBe('山东省2022年外贸进出口总值3.33万亿元，比上年增长13.8%…');
    expect(truncate(SHANDONG, 45)).toBe('山东省2022年外贸进出口总值3.33万亿元，比上年增长13.8%，规模创历史新高…');
  });

  it('should never split a surrogate pair', () => {
    const text = '𠮷野家'.repeat(20);
    for (let max = 3; max < 30; max++) {
      const cut = truncate(text, max).slice(0, -1);
      const last = cut.charCodeAt(cut.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff, `cut at ${max}: ${cut}`).toBe(false);
    }
    const emoji = '🎉'.repeat(30);
    expect(truncate(emoji, 11)).toBe('🎉'.repeat(5) + '…');
  });

  it('should cut a word longer than the limit between characters', () => {
    expect(truncate(`https://example.org/${'a'.repeat(50)}`, 20)).toBe('https://example.org…');
  });
});

describe('countWords and readingMinutes', () => {
  it('should count Chinese and Japanese characters one by one, and spaced words (Korean included) by spaces', () => {
    expect(countWords('The port reopened today.')).toEqual({ words: 4, cjk: 0 });
    expect(countWords('山东外贸创新高')).toEqual({ words: 7, cjk: 7 });
    expect(countWords('青岛港 container volume 创新高')).toEqual({ words: 8, cjk: 6 });
    expect(countWords('東京は晴れ')).toEqual({ words: 5, cjk: 5 });
    expect(countWords('서울 시장이 오늘 발표했다')).toEqual({ words: 4, cjk: 0 });
    // Characters beyond the Basic Multilingual Plane count once, not per surrogate.
    expect(countWords('𠮷野家')).toEqual({ words: 3, cjk: 3 });
  });

  it('should read Chinese characters at their own pace, and mixed text at both', () => {
    expect(readingMinutes(230, 0)).toBe(1);
    expect(readingMinutes(2300, 0)).toBe(10);
    // 2,500 Chinese characters: 5 minutes at 500 a minute, not 11 as if they were English words.
    expect(readingMinutes(2500, 2500)).toBe(5);
    // 1,000 characters and 460 English words: 2 + 2 minutes.
    expect(readingMinutes(1460, 1000)).toBe(4);
    expect(readingMinutes(0, 0)).toBe(1);
  });
});

describe('a Chinese article, built', () => {
  it('should show a reading time from its characters and a summary cut at a boundary', async () => {
    const dir = tempDir();
    // 45 sentences of 56 characters and a full stop: 2,520 characters, 5 minutes at 500 a minute
    // (11 if each character were read at the pace of an English word).
    const sentence = '山东省二零二二年外贸进出口总值创历史新高其中出口增长较快进口保持稳定青岛港集装箱吞吐量也再创新高全省企业受益明显。';
    expect(sentence.match(/\p{Script=Han}/gu)!.length).toBe(56);
    const body = Array.from({ length: 45 }, () => sentence).join('');
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: '子午线报', language: 'zh-CN' }),
      'articles/trade.md': article({ title: '山东外贸创新高', date: '2023-02-09', slug: 'trade' }, body),
    });
    const result = await runCli(['build', '--no-cache'], dir);
    expect(result.code, result.stderr).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), '2023/02/trade/index.html');
    // The site is in Chinese, and so is the theme's text: 5 minutes, not 11.
    expect(page.querySelector('.dateline')!.text).toContain('阅读约需 5 分钟');
    const description = page.querySelector('meta[name="description"]')!.getAttribute('content')!;
    expect(description.endsWith('…')).toBe(true);
    expect(description.length).toBeLessThanOrEqual(200);
    expect(body.startsWith(description.slice(0, -1))).toBe(true);
  });
});
