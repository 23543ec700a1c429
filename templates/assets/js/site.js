/*
 * gazette default theme: small progressive enhancements.
 *  - The section strip scrolls sideways to show the current section.
 *  - [data-print] buttons open the print dialog.
 *  - Share blocks: the copy-link and share buttons appear where the browser can do what they say.
 *  - A video embed's link to its player becomes the player, inline, when clicked.
 *  - The search page searches a prebuilt JSON index in the browser.
 * No dependencies; every page works without this file.
 */
(function () {
  'use strict';

  /* ---------------------------------------------------------------- */
  /* Section strip: the current section in view                      */
  /* ---------------------------------------------------------------- */

  // Only the strip scrolls (never the page), at once: no motion; physical deltas work left to right and right to left.
  var strip = document.querySelector('.site-nav-list');
  var current = strip && strip.querySelector('[aria-current="page"]');
  if (current && strip.scrollWidth > strip.clientWidth) {
    var box = strip.getBoundingClientRect();
    var item = current.getBoundingClientRect();
    strip.scrollLeft += item.left + item.width / 2 - (box.left + box.width / 2);
  }

  /* ---------------------------------------------------------------- */
  /* Print button                                                      */
  /* ---------------------------------------------------------------- */

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var button = target.closest('[data-print]');
    if (!button) return;
    event.preventDefault();
    window.print();
  });

  /* ---------------------------------------------------------------- */
  /* Share: copy the address, or hand it to the system's share sheet   */
  /* ---------------------------------------------------------------- */

  /** The address a button shares, made absolute against the page (a site without a `url` gives a path). */
  function sharedUrl(value) {
    try {
      return new URL(value || '', window.location.href).href;
    } catch (e) {
      return window.location.href;
    }
  }

  var canCopy = !!(navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext);
  var canShare = typeof navigator.share === 'function';
  Array.prototype.forEach.call(document.querySelectorAll('[data-share]'), function (block) {
    var copy = block.querySelector('[data-share-copy]');
    var share = block.querySelector('[data-share-native]');
    var status = block.querySelector('[role="status"]');
    var say = function (text) {
      if (status) status.textContent = text || '';
    };
    if (copy && canCopy) {
      copy.parentNode.hidden = false;
      block.hidden = false;
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(sharedUrl(copy.getAttribute('data-share-copy'))).then(
          function () {
            say(copy.getAttribute('data-done'));
          },
          function () {
            say(copy.getAttribute('data-failed'));
          }
        );
      });
    }
    if (share && canShare) {
      share.parentNode.hidden = false;
      block.hidden = false;
      share.addEventListener('click', function () {
        say('');
        // A reader who closes the share sheet rejects the promise: nothing to report.
        navigator.share({ title: share.getAttribute('data-title') || document.title, url: sharedUrl(share.getAttribute('data-share-native')) }).catch(function () {});
      });
    }
  });

  /* ---------------------------------------------------------------- */
  /* Videos: the link to the host's player becomes the player, inline */
  /* ---------------------------------------------------------------- */

  // Only the two hosts gazette's video embeds link to; any other link stays a link.
  var PLAYERS = /^https:\/\/(?:www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var link = target.closest('a.video-link');
    if (!link || !PLAYERS.test(link.href) || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var frame = document.createElement('iframe');
    frame.src = link.href;
    var title = link.querySelector('.video-title');
    frame.title = title ? title.textContent : link.textContent;
    frame.allow = 'autoplay; encrypted-media; fullscreen; picture-in-picture';
    frame.allowFullscreen = true;
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    link.replaceWith(frame);
    frame.focus();
  });

  /* ---------------------------------------------------------------- */
  /* Search                                                            */
  /* ---------------------------------------------------------------- */

  var form = document.querySelector('.search-form');
  if (!form) return;

  var input = form.querySelector('#search-input') || form.querySelector('input[type="search"]');
  var status = document.getElementById('search-status');
  var results = document.getElementById('search-results');
  if (!input || !status || !results) return;

  var MAX_RESULTS = 50;

  // The page's texts for results, in its language (see the theme's strings/ files).
  var strings = {};
  try {
    strings = JSON.parse(form.getAttribute('data-strings') || '{}');
  } catch (e) {
    strings = {};
  }
  var plurals = null;
  try {
    plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
  } catch (e) {
    plurals = null;
  }

  /** A string with its {placeholders} filled; one with plural forms takes the form for `values.count`. */
  function text(key, values) {
    var entry = strings[key];
    if (entry && typeof entry === 'object') {
      var form = plurals && typeof values.count === 'number' ? plurals.select(values.count) : 'other';
      entry = entry[form] || entry.other;
    }
    return String(entry || '').replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }
  var DEBOUNCE_MS = 200;

  var indexPromise = null; // the single fetch of the index, once started
  var debounceTimer = 0;
  var runId = 0; // only the newest search may render

  var combiningMarks;
  try {
    combiningMarks = new RegExp('\\p{M}', 'gu');
  } catch (e) {
    combiningMarks = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  }

  /** Lower-case and strip accents, so "Café" and "cafe" match. */
  function fold(value) {
    var text = value == null ? '' : String(value);
    if (text.normalize) text = text.normalize('NFD');
    return text.replace(combiningMarks, '').toLowerCase();
  }

  function prepare(data) {
    if (!data || !Array.isArray(data.articles)) {
      throw new Error('Unexpected search index format');
    }
    return data.articles.map(function (a) {
      var tags = Array.isArray(a.g) ? a.g : [];
      var title = fold(a.t);
      return {
        item: a,
        title: title,
        all: [title, fold(a.x), fold(a.s), fold(tags.join(' '))].join('\n')
      };
    });
  }

  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(form.getAttribute('data-index'), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin'
      })
        .then(function (response) {
          if (!response.ok) throw new Error('HTTP ' + response.status);
          return response.json();
        })
        .then(prepare)
        .catch(function (error) {
          indexPromise = null; // allow a later retry
          throw error;
        });
    }
    return indexPromise;
  }

  /** Runs of Chinese or Japanese characters, which are written without spaces between words. */
  var CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

  /**
   * The query's terms. A spaced word must appear as it is. A run of Chinese or
   * Japanese characters cannot be split into words by spaces, so it is also
   * taken as its overlapping character pairs: "山东外贸" finds "山东省外贸" by
   * most of its pairs, even where the exact run does not occur.
   */
  function queryTerms(query) {
    var seen = Object.create(null);
    var terms = [];
    var add = function (text, grams) {
      if (!text || seen[text]) return;
      seen[text] = true;
      terms.push({ text: text, grams: grams });
    };
    fold(query)
      .split(/[\s,;\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f]+/)
      .forEach(function (token) {
        var rest = token.replace(CJK_RUN, function (run) {
          var grams = [];
          for (var i = 0; i + 2 <= run.length && run.length > 2; i++) grams.push(run.slice(i, i + 2));
          add(run, grams);
          return ' ';
        });
        rest.split(' ').forEach(function (word) {
          add(word, []);
        });
      });
    return terms;
  }

  /** How well an entry matches a term: 1 for the exact text, less for most of a CJK run's pairs, 0 for no match. */
  function termScore(text, term) {
    if (text.indexOf(term.text) !== -1) return 1;
    if (term.grams.length === 0) return 0;
    var found = 0;
    for (var g = 0; g < term.grams.length; g++) if (text.indexOf(term.grams[g]) !== -1) found++;
    return found * 3 >= term.grams.length * 2 ? (0.5 * found) / term.grams.length : 0;
  }

  function search(entries, terms) {
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var entry = entries[i];
      var score = 0;
      var inTitle = 0;
      var all = true;
      for (var t = 0; t < terms.length; t++) {
        var termHit = termScore(entry.all, terms[t]);
        if (termHit === 0) {
          all = false;
          break;
        }
        score += termHit;
        if (termScore(entry.title, terms[t]) > 0) inTitle++;
      }
      if (all) hits.push({ entry: entry, score: score, inTitle: inTitle });
    }
    hits.sort(function (a, b) {
      if (a.score !== b.score) return b.score - a.score;
      if (a.inTitle !== b.inTitle) return b.inTitle - a.inTitle;
      var da = String(a.entry.item.d || '');
      var db = String(b.entry.item.d || '');
      if (da !== db) return da < db ? 1 : -1;
      var ta = a.entry.title;
      var tb = b.entry.title;
      return ta < tb ? -1 : ta > tb ? 1 : 0;
    });
    return hits;
  }

  var dateFormatter = null;
  try {
    dateFormatter = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC'
    });
  } catch (e) {
    dateFormatter = null;
  }

  /** "2023-02-09" → "9 February 2023" in the page language. */
  function formatDay(day) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
    if (!m || !dateFormatter) return day || '';
    return dateFormatter.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function renderResult(item) {
    var li = document.createElement('li');

    var heading = element('h2', 'search-result-title');
    var link = element('a', null, item.t || item.u);
    link.href = item.u;
    heading.appendChild(link);
    li.appendChild(heading);

    var meta = element('p', 'search-result-meta');
    if (item.d) {
      var time = element('time', null, formatDay(item.d));
      time.setAttribute('datetime', item.d);
      meta.appendChild(time);
    }
    if (item.s) {
      if (meta.firstChild) meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(element('span', 'search-result-section', item.s));
    }
    if (meta.firstChild) li.appendChild(meta);

    if (item.x) li.appendChild(element('p', 'search-result-summary', item.x));
    return li;
  }

  function setStatus(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function clearResults() {
    while (results.firstChild) results.removeChild(results.firstChild);
  }

  function show(query, hits) {
    clearResults();
    var fragment = document.createDocumentFragment();
    var shown = Math.min(hits.length, MAX_RESULTS);
    for (var i = 0; i < shown; i++) fragment.appendChild(renderResult(hits[i].entry.item));
    results.appendChild(fragment);

    if (hits.length === 0) {
      setStatus(text('searchNoResults', { query: query }));
    } else if (hits.length > MAX_RESULTS) {
      setStatus(text('searchFirstResults', { shown: MAX_RESULTS, count: hits.length, query: query }));
    } else {
      setStatus(text('searchResults', { count: hits.length, query: query }));
    }
  }

  function run(rawQuery) {
    var query = rawQuery.trim();
    var id = ++runId;
    var terms = queryTerms(query);

    if (terms.length === 0) {
      clearResults();
      setStatus('');
      return;
    }

    results.setAttribute('aria-busy', 'true');
    loadIndex().then(
      function (entries) {
        if (id !== runId) return;
        results.removeAttribute('aria-busy');
        show(query, search(entries, terms));
      },
      function () {
        if (id !== runId) return;
        results.removeAttribute('aria-busy');
        clearResults();
        setStatus(text('searchUnavailable', {}));
      }
    );
  }

  /** Keep ?q= in the address bar so a search can be shared or reloaded. */
  function remember(query) {
    if (!window.history || !history.replaceState) return;
    try {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set('q', query);
      else url.searchParams.delete('q');
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    } catch (e) {
      /* ignore: e.g. file:// pages in some browsers */
    }
  }

  input.addEventListener('input', function () {
    window.clearTimeout(debounceTimer);
    debounceTimer = window.setTimeout(function () {
      run(input.value);
      remember(input.value.trim());
    }, DEBOUNCE_MS);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    window.clearTimeout(debounceTimer);
    run(input.value);
    remember(input.value.trim());
  });

  // Start loading the index as soon as the reader shows interest.
  input.addEventListener('focus', function () {
    loadIndex().catch(function () {});
  }, { once: true });

  var initial = '';
  try {
    initial = new URLSearchParams(window.location.search).get('q') || '';
  } catch (e) {
    initial = '';
  }
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
