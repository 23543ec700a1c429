import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { loadTheme } from '../../lib/render/theme.js';

// Pure partials are rendered once per context object and reused; anything that reads the page
// (@root, ../ beyond the partial, an unknown helper, a shadowing inline partial) is rendered each time.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function theme(files: Record<string, string>, code: { helpers: Record<string, (...args: unknown[]) => unknown>; partials: Record<string, string> } | null = null) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-memo-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries({ 'layouts/base.hbs': '{{{content}}}', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return loadTheme({
    templatesDir: dir,
    language: 'en',
    timeZone: 'UTC',
    basePath: '/',
    display: (f) => f,
    code: code ? { ...code, identity: 'test' } : null,
  });
}

/** A card view that counts how often a template reads its title. */
function view(title: string, url: string) {
  const reads = { count: 0 };
  const card = {
    url,
    get title() {
      reads.count++;
      return title;
    },
  };
  return { card, reads };
}

const page = (url: string, articles: object[]) => ({ site: { language: 'en' }, page: { url }, articles });

describe('memoized partials', () => {
  it('renders a pure partial once per view and level, with the same output as each time', () => {
    const t = theme({
      'partials/card.hbs': '<h{{level}}><a href="{{url}}">{{title}}</a></h{{level}}>{{#each tags}}<i>{{name}}{{../url}}</i>{{/each}}',
      'pages/list.hbs': '{{#each articles}}{{> card this level=2}}{{> card this level=3}}{{/each}}',
    });
    const a = view('Storm <hits>', '/a/');
    const b = view('Calm', '/b/');
    const first = t.render('list', page('/one/', [a.card, b.card]));
    const second = t.render('list', page('/two/', [b.card, a.card]));
    expect(first).toBe('<h2><a href="/a/">Storm &lt;hits&gt;</a></h2><h3><a href="/a/">Storm &lt;hits&gt;</a></h3><h2><a href="/b/">Calm</a></h2><h3><a href="/b/">Calm</a></h3>');
    expect(second).toBe('<h2><a href="/b/">Calm</a></h2><h3><a href="/b/">Calm</a></h3><h2><a href="/a/">Storm &lt;hits&gt;</a></h2><h3><a href="/a/">Storm &lt;hits&gt;</a></h3>');
    // Two levels, rendered once each across both pages.
    expect(a.reads.count).toBe(2);
    expect(b.reads.count).toBe(2);
  });

  it('renders a partial reading the page each time', () => {
    const t = theme({
      'partials/link.hbs': '<a href="{{url}}"{{#if (eq url @root.page.url)}} aria-current="page"{{/if}}>{{title}}</a>',
      'pages/list.hbs': '{{#each articles}}{{> link this}}{{/each}}',
    });
    const a = view('A', '/a/');
    expect(t.render('list', page('/a/', [a.card]))).toBe('<a href="/a/" aria-current="page">A</a>');
    expect(t.render('list', page('/b/', [a.card]))).toBe('<a href="/a/">A</a>');
    expect(a.reads.count).toBe(2);
  });

  it('renders each time a partial that climbs out of its context, or uses a helper of the config module', () => {
    const t = theme(
      {
        'partials/up.hbs': '{{title}}{{../page.url}}',
        'partials/custom.hbs': '{{shout title}}',
        'pages/list.hbs': '{{#each articles}}{{> up this}}|{{> custom this}}{{/each}}',
      },
      { helpers: { shout: (s: unknown) => String(s).toUpperCase() }, partials: {} },
    );
    const a = view('a', '/a/');
    t.render('list', page('/one/', [a.card]));
    t.render('list', page('/two/', [a.card]));
    expect(a.reads.count).toBe(4);
  });

  it('does not memoize a partial whose inner partial a page replaces with an inline one', () => {
    const t = theme({
      'partials/card.hbs': '[{{> byline}}]',
      'partials/byline.hbs': '{{title}}',
      'pages/list.hbs': '{{#each articles}}{{> card this}}{{/each}}',
      'pages/other.hbs': '{{#*inline "byline"}}by {{title}}{{/inline}}{{#each articles}}{{> card this}}{{/each}}',
    });
    const a = view('Lin', '/a/');
    expect(t.render('list', page('/one/', [a.card]))).toBe('[Lin]');
    expect(t.render('other', page('/two/', [a.card]))).toBe('[by Lin]');
    expect(t.render('list', page('/three/', [a.card]))).toBe('[Lin]');
  });

  it('keeps a page language apart: the same card in two languages is two renderings', () => {
    const t = theme({
      'partials/card.hbs': '{{title}} {{t "moreStories"}}',
      'pages/list.hbs': '{{#each articles}}{{> card this}}{{/each}}',
    });
    const a = view('X', '/x/');
    const en = t.render('list', page('/en/', [a.card]));
    const again = t.render('list', { ...page('/en2/', [a.card]), site: { language: 'en' } });
    expect(again).toBe(en);
    expect(a.reads.count).toBe(1);
    t.render('list', { ...page('/zh/', [a.card]), site: { language: 'zh-Hans' } });
    expect(a.reads.count).toBe(2);
  });

  it('writes exactly what Handlebars writes, standalone and indented calls included', () => {
    const files = {
      'partials/card.hbs': '<li>\n  {{title}}\n</li>\n',
      'pages/list.hbs': '<ul>\n  {{#each articles}}\n    {{> card this level=1}}\n  {{/each}}\n</ul>\n{{#if articles.length}}\n  {{> card articles.[0]}}\n{{/if}}\n{{> card}}x\n',
    };
    const t = theme(files);
    const plain = Handlebars.create();
    plain.registerPartial('card', plain.compile(files['partials/card.hbs'], { preventIndent: true }));
    const list = plain.compile(files['pages/list.hbs'], { preventIndent: true });
    const context = page('/p/', [view('One', '/1/').card, view('Two', '/2/').card]);
    expect(t.render('list', context)).toBe(list(context));
  });

  it('renders a context changed in place again once told to forget (as watch does before re-rendering)', () => {
    const t = theme({
      'partials/heading.hbs': '<h1>{{title}}</h1>',
      'pages/list.hbs': '{{> heading page}}',
    });
    const context = page('/p/', []);
    const pageView = context.page as { url: string; title?: string };
    pageView.title = 'Before';
    expect(t.render('list', context)).toBe('<h1>Before</h1>');
    pageView.title = 'After';
    // Kept by the context object's identity: the change is not seen until the theme forgets.
    expect(t.render('list', context)).toBe('<h1>Before</h1>');
    t.forgetRendered();
    expect(t.render('list', context)).toBe('<h1>After</h1>');
  });
});
