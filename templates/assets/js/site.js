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
  var PAGE_SIZE = 10;
  var SNIPPET_BEFORE = 80;
  var SNIPPET_LENGTH = 240;

  var base = form.getAttribute('data-index') || '';
  var sectionSelect = document.getElementById('search-section');
  var yearSelect = document.getElementById('search-year');
  var filters = form.querySelector('.search-filters');
  var more = document.getElementById('search-more');

  var metaPromise = null; // the index's metadata, once asked for
  var fragments = Object.create(null); // bucket → promise of its postings
  var documents = Object.create(null); // document number → promise of its record
  var debounceTimer = 0;
  var runId = 0; // only the newest search may render
  var current = null; // the hits shown, and how many of them

  var combiningMarks;
  var otherDigits = null; // digits of other scripts, where the browser knows Unicode's classes
  var digit;
  var wordPattern;
  var letter;
  try {
    combiningMarks = new RegExp('\\p{M}', 'gu');
    otherDigits = new RegExp('[^\\P{Nd}0-9]', 'gu');
    digit = new RegExp('^\\p{Nd}$', 'u');
    wordPattern = new RegExp('[\\p{L}\\p{N}\\p{M}]+', 'gu');
    letter = new RegExp('[\\p{L}\\p{N}]', 'u');
  } catch (e) {
    combiningMarks = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
    wordPattern = /[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;
    letter = /[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
  }

  /** Lower-case and strip accents, so "Café" and "cafe" match: the build folds the index the same way. */
  function fold(value) {
    var text = value == null ? '' : String(value);
    if (text.normalize) text = text.normalize('NFD').replace(combiningMarks, '').normalize('NFC');
    // ی and ک of Persian keyboards as ي and ك, a final ى as ي, the kashida dropped: as the build does.
    text = text.replace(/[\u0640\u0649\u06a9\u06cc]/g, function (c) {
      return c === '\u06a9' ? '\u0643' : c === '\u0640' ? '' : '\u064a';
    });
    if (otherDigits) text = text.replace(otherDigits, asciiDigit);
    return text.toLowerCase();
  }

  /** A digit of another script (٢, ۲, २) as 0-9, as the build reads it: its place in its script's run of ten. */
  function asciiDigit(d) {
    var code = d.codePointAt(0);
    var place = 0;
    while (place < 60 && digit.test(String.fromCodePoint(code - place - 1))) place++;
    return String(place % 10);
  }

  /** Runs of Chinese or Japanese (or Thai, Lao, Burmese, Khmer) characters, written without spaces between words. */
  var CJK_RUN = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var MAX_WORD = 40;

  /**
   * What a query asks for, cut as the build cut the index (src/search/terms.ts): each spaced word
   * must be found; a run of Chinese or Japanese characters is looked up by its overlapping
   * character pairs, and found where most of them are ("山东外贸" finds "山东省的外贸"). A word
   * longer than the build indexes is left out, as the build left it out; a run of Chinese or
   * Japanese is never too long, since the build indexes its pairs, whatever its length (a whole
   * sentence pasted from a story finds it).
   */
  function queryUnits(query) {
    var seen = Object.create(null);
    var units = [];
    // `cjk`: a run of Chinese or Japanese, found inside longer runs (never as a whole word) and marked so.
    var add = function (text, terms, cjk) {
      if (!text || seen[text]) return;
      seen[text] = true;
      units.push({ text: text, terms: terms, cjk: cjk });
    };
    (fold(query).match(wordPattern) || []).forEach(function (word) {
      var rest = word.replace(CJK_RUN, function (run) {
        var pairs = [];
        for (var i = 0; i + 2 <= run.length; i++) pairs.push(run.slice(i, i + 2));
        add(run, run.length === 1 ? [run] : pairs, true);
        return ' ';
      });
      rest.split(' ').forEach(function (part) {
        if (part && part.length <= MAX_WORD) add(part, [part], false);
      });
    });
    return units;
  }

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    });
  }

  /** A promise kept in `store` (of the file, or of what `read` makes of it), dropped again if it fails so that a later search retries. */
  function once(store, key, url, read) {
    if (!store[key]) {
      store[key] = fetchJson(url)
        .then(read)
        .catch(function (error) {
          delete store[key];
          throw error;
        });
    }
    return store[key];
  }

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetchJson(base + 'meta.json')
        .then(function (meta) {
          if (!meta || meta.version !== 4 || !(meta.buckets > 0)) throw new Error('Unexpected search index format');
          fillFilters(meta);
          return meta;
        })
        .catch(function (error) {
          metaPromise = null;
          throw error;
        });
    }
    return metaPromise;
  }

  /** The term's bucket: 32-bit FNV-1a over its UTF-16 code units, as the build computes it. */
  function bucketOf(term, buckets) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      hash ^= term.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash & (buckets - 1);
  }

  function bucketName(bucket, buckets) {
    var digits = Math.max(1, (buckets - 1).toString(16).length);
    var name = bucket.toString(16);
    while (name.length < digits) name = '0' + name;
    return name;
  }

  /*
   * The index's numbers and the ranking: pure functions, from DIGITS to the end of `rank`
   * (test/site/search-postings.test.ts and search-ranking.test.ts run them in Node). Postings are
   * kept as increasing ids in typed arrays and combined by merging them in step: documents are
   * never gathered in objects keyed by id, which on a large index (ids above 2^32, so string keys,
   * tens of thousands of them a term) cost about a second a query.
   */
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  /** Each digit's value by its character code. */
  var DIGIT_AT = [];
  for (var d = 0; d < DIGITS.length; d++) DIGIT_AT[DIGITS.charCodeAt(d)] = d;

  /** The numbers of an index string: five bits a character, a sixth saying more follow (src/search/postings.ts). */
  function readNumbers(encoded) {
    var numbers = [];
    var n = 0;
    var scale = 1;
    for (var i = 0; i < encoded.length; i++) {
      var digit = DIGIT_AT[encoded.charCodeAt(i)];
      if (digit >= 32) {
        n += (digit - 32) * scale;
        scale *= 32;
      } else {
        numbers.push(n + digit * scale);
        n = 0;
        scale = 1;
      }
    }
    return numbers;
  }

  /** Increasing ids written as gaps (a section's documents, the index's id list). */
  function readIds(encoded) {
    var gaps = readNumbers(encoded);
    var ids = new Float64Array(gaps.length);
    var id = 0;
    for (var i = 0; i < gaps.length; i++) ids[i] = id += gaps[i];
    return ids;
  }

  /** Of increasing id lists each read up to `at`, the smallest id not yet passed (Infinity once all are read). */
  function smallestAhead(lists, at) {
    var smallest = Infinity;
    for (var k = 0; k < lists.length; k++) if (at[k] < lists[k].length && lists[k][at[k]] < smallest) smallest = lists[k][at[k]];
    return smallest;
  }

  /**
   * A term's postings: `ids` increasing, and `values`, the fields it is in plus 8 times its body count.
   * Written as each id's gap times 8 plus the fields, then the body count when in the body.
   */
  function decodePostings(encoded) {
    var numbers = readNumbers(encoded);
    var ids = [];
    var values = [];
    var id = 0;
    for (var i = 0; i < numbers.length; i++) {
      var fields = numbers[i] % 8;
      id += (numbers[i] - fields) / 8;
      var count = fields & 4 ? numbers[++i] : 0;
      ids.push(id);
      values.push(fields + 8 * count);
    }
    return { ids: Float64Array.from(ids), values: Float64Array.from(values) };
  }

  /**
   * A dense term (src/search/postings.ts, `encodeTerm`): "!" then the documents having it in the title,
   * the summary and the body, split by "."; each part a bitmap ("*", six bits a character over the
   * index's id list, ids.json) or a list of id gaps. Its body count is not kept: it reads as 1.
   */
  function decodeDense(encoded, universe) {
    var parts = encoded.slice(1).split('.').map(function (part) {
      if (part.charAt(0) !== '*') return readIds(part);
      var ids = [];
      for (var i = 1; i < part.length; i++) {
        var bits = DIGIT_AT[part.charCodeAt(i)];
        for (var b = 0; b < 6; b++) {
          var place = (i - 1) * 6 + b;
          if (bits & (1 << b) && place < universe.length) ids.push(universe[place]);
        }
      }
      return ids;
    });
    // The parts' ids are increasing: merged in step, each document once with every field it is in.
    var at = parts.map(function () {
      return 0;
    });
    var ids = [];
    var values = [];
    for (;;) {
      var next = smallestAhead(parts, at);
      if (next === Infinity) break;
      var fields = 0;
      for (var f = 0; f < parts.length; f++) {
        if (at[f] < parts[f].length && parts[f][at[f]] === next) {
          fields |= 1 << f;
          at[f]++;
        }
      }
      ids.push(next);
      values.push(fields + (fields & 4 ? 8 : 0));
    }
    return { ids: Float64Array.from(ids), values: Float64Array.from(values) };
  }

  /**
   * A term's weight in a document: a title counts most, then the summary (with section and tags), then the
   * body, more for each repetition; a term in most documents keeps no body count (decodeDense): it weighs 1 there.
   */
  function weight(value) {
    var fields = value % 8;
    var count = Math.floor(value / 8);
    return (fields & 1 ? 10 : 0) + (fields & 2 ? 4 : 0) + (fields & 4 ? 1 + Math.log(count || 1) : 0);
  }

  /** Decoded postings as the ranking reads them: each document's weight, worked out once per term. */
  function weighed(list) {
    var weights = new Float64Array(list.values.length);
    for (var i = 0; i < weights.length; i++) weights[i] = weight(list.values[i]);
    return { ids: list.ids, weights: weights };
  }

  /** Story ids start above the pages', by day since 0001-01-01 (src/search/documents.ts): a year is a range of them. */
  var PAGE_IDS = 4294967296;
  var PER_DAY = 65536;
  function dayNumber(year) {
    var at = new Date(0);
    at.setUTCFullYear(year, 0, 1);
    var zero = new Date(0);
    zero.setUTCFullYear(1, 0, 1);
    return Math.round((at.getTime() - zero.getTime()) / 86400000);
  }
  function yearRange(year) {
    return [PAGE_IDS + dayNumber(year) * PER_DAY, PAGE_IDS + dayNumber(year + 1) * PER_DAY - 1];
  }

  /**
   * The documents a unit finds, increasing, and their scores: those having all its terms, or most pairs
   * of a Chinese or Japanese run (worth less). A document's weights add up in the unit's term order, so
   * that scores are the same to the last bit whatever the lists' sizes.
   */
  function unitMatches(unit, postings) {
    var lists = unit.terms.map(function (term) {
      return postings[term];
    });
    var need = lists.length;
    // One word: its postings are the answer (a weight w scores (0 + w) / 1 * 1, which is w).
    if (need === 1) return { ids: lists[0].ids, scores: lists[0].weights };
    var partial = unit.cjk && need > 2;
    var idLists = lists.map(function (list) {
      return list.ids;
    });
    var at = lists.map(function () {
      return 0;
    });
    var ids = [];
    var scores = [];
    for (;;) {
      var doc = smallestAhead(idLists, at);
      if (doc === Infinity) break;
      var count = 0;
      var score = 0;
      for (var t = 0; t < need; t++) {
        var list = lists[t];
        if (at[t] < list.ids.length && list.ids[at[t]] === doc) {
          count++;
          score += list.weights[at[t]++];
        }
      }
      var all = count === need;
      if (!all && !(partial && count * 3 >= need * 2)) continue;
      ids.push(doc);
      scores.push((score / need) * (all ? 1 : 0.5));
    }
    return { ids: ids, scores: scores };
  }

  /** The documents in both (increasing), each scored the first's score plus the second's. */
  function intersect(a, b) {
    var ids = [];
    var scores = [];
    var j = 0;
    for (var i = 0; i < a.ids.length && j < b.ids.length; i++) {
      var doc = a.ids[i];
      while (j < b.ids.length && b.ids[j] < doc) j++;
      if (j < b.ids.length && b.ids[j] === doc) {
        ids.push(doc);
        scores.push(a.scores[i] + b.scores[j]);
      }
    }
    return { ids: ids, scores: scores };
  }

  /**
   * Documents having every unit, best first; on a tie the more recent (a higher id) first.
   * `postings`: each term's `weighed` postings; `sectionIds`: increasing ids, or null for every section.
   */
  function rank(units, postings, sectionIds, year) {
    var range = year && /^\d+$/.test(year) ? yearRange(Number(year)) : null;
    var total = null;
    units.forEach(function (unit) {
      var found = unitMatches(unit, postings);
      total = total === null ? found : intersect(total, found);
    });
    var hits = [];
    var s = 0;
    for (var i = 0; total && i < total.ids.length; i++) {
      var doc = total.ids[i];
      if (sectionIds) {
        while (s < sectionIds.length && sectionIds[s] < doc) s++;
        if (sectionIds[s] !== doc) continue;
      }
      if (range && (doc < range[0] || doc > range[1])) continue;
      hits.push({ doc: doc, score: total.scores[i] });
    }
    hits.sort(function (a, b) {
      return b.score - a.score || b.doc - a.doc;
    });
    return hits;
  }

  /* ---------------------------------------------------------------- */
  /* Search: the index's files, each fetched once                      */
  /* ---------------------------------------------------------------- */

  /** The index's document ids in increasing order, which bitmaps index (fetched once, only when a bitmap is met). */
  var universePromise = null;
  function loadUniverse() {
    if (!universePromise) {
      universePromise = fetchJson(base + 'ids.json')
        .then(function (encoded) {
          return readIds(String(encoded));
        })
        .catch(function (error) {
          universePromise = null;
          throw error;
        });
    }
    return universePromise;
  }

  /** The ids of a section's documents, increasing (fetched and read once per section). */
  var sectionLists = Object.create(null);
  function loadSection(key) {
    if (!key) return Promise.resolve(null);
    return once(sectionLists, key, base + 's-' + key + '.json', function (encoded) {
      return readIds(String(encoded));
    });
  }

  /**
   * Terms' postings as read before, so that a query decodes each term once per page, not once per
   * query (a term in most stories is 84,000 postings at 100,000 articles). Past LIMIT postings in
   * all, the least recently used are let go: their fragments stay, to be read again if asked for.
   */
  var DECODED_LIMIT = 1000000;
  var decoded = Object.create(null);
  var decodedOrder = [];
  var decodedSize = 0;
  function keepDecoded(term, list) {
    if (!decoded[term]) {
      decoded[term] = list;
      decodedSize += list.ids.length;
    }
    var at = decodedOrder.indexOf(term);
    if (at !== -1) decodedOrder.splice(at, 1);
    decodedOrder.push(term);
    while (decodedSize > DECODED_LIMIT && decodedOrder.length > 1) {
      var oldest = decodedOrder.shift();
      decodedSize -= decoded[oldest].ids.length;
      delete decoded[oldest];
    }
    return decoded[term];
  }

  /** Each term's postings, from the buckets the terms fall in (each fetched once). */
  function loadPostings(meta, units) {
    var terms = [];
    units.forEach(function (unit) {
      unit.terms.forEach(function (term) {
        if (terms.indexOf(term) === -1) terms.push(term);
      });
    });
    return Promise.all(
      terms.map(function (term) {
        if (decoded[term]) return keepDecoded(term, decoded[term]);
        var name = bucketName(bucketOf(term, meta.buckets), meta.buckets);
        return once(fragments, name, base + 'f-' + name + '.json')
          .then(function (fragment) {
            var encoded = Object.prototype.hasOwnProperty.call(fragment, term) ? String(fragment[term]) : '';
            if (encoded.charAt(0) !== '!') return decodePostings(encoded);
            if (encoded.indexOf('*') === -1) return decodeDense(encoded, []);
            return loadUniverse().then(function (universe) {
              return decodeDense(encoded, universe);
            });
          })
          .then(function (list) {
            return keepDecoded(term, weighed(list));
          });
      })
    ).then(function (lists) {
      var postings = Object.create(null);
      terms.forEach(function (term, i) {
        postings[term] = lists[i];
      });
      return postings;
    });
  }

  function option(value, label, selected) {
    var node = element('option', null, label);
    node.value = value;
    if (selected) node.selected = true;
    return node;
  }

  /** The filters' choices come with the index: every section and year of the language's documents. */
  function fillFilters(meta) {
    if (!sectionSelect || !yearSelect || !filters) return;
    var wanted = initialParams();
    sectionSelect.appendChild(option('', text('searchAllSections', {}), false));
    meta.sections.forEach(function (entry) {
      sectionSelect.appendChild(option(entry[1], entry[0], wanted.section === entry[0]));
    });
    yearSelect.appendChild(option('', text('searchAllYears', {}), false));
    meta.years.forEach(function (year) {
      yearSelect.appendChild(option(String(year), String(year), wanted.year === String(year)));
    });
    filters.hidden = false;
  }

  function chosen(select) {
    return select ? select.value : '';
  }

  function chosenName(select) {
    return select && select.value ? select.options[select.selectedIndex].textContent : '';
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

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content != null) node.textContent = content;
    return node;
  }

  /** `value` folded, with where each folded character came from in `value`. */
  function foldWithMap(value) {
    var folded = '';
    var from = [];
    for (var i = 0; i < value.length; i++) {
      var code = value.charCodeAt(i);
      var width = code >= 0xd800 && code < 0xdc00 && i + 1 < value.length ? 2 : 1;
      var piece = fold(value.substr(i, width));
      for (var k = 0; k < piece.length; k++) from.push(i);
      folded += piece;
      i += width - 1;
    }
    from.push(value.length);
    return { text: folded, from: from };
  }

  /** Where `needle` is in `haystack` (both folded); a spaced word only as a whole word. */
  function occurrences(haystack, needle, whole) {
    var found = [];
    var at = haystack.indexOf(needle);
    while (at !== -1) {
      var end = at + needle.length;
      if (!whole || ((at === 0 || !letter.test(haystack.charAt(at - 1))) && (end === haystack.length || !letter.test(haystack.charAt(end))))) found.push([at, end]);
      at = haystack.indexOf(needle, at + 1);
    }
    return found;
  }

  /** What to look for and mark in a text: spaced words whole, Chinese and Japanese runs and their pairs. */
  function needles(units) {
    var list = [];
    units.forEach(function (unit) {
      list.push({ text: unit.text, whole: !unit.cjk });
      if (unit.cjk) unit.terms.forEach(function (pair) { list.push({ text: pair, whole: false }); });
    });
    return list;
  }

  /** A piece of `value` around the first match, as text with the matches in <mark>; null when nothing matches. */
  function snippet(value, units) {
    if (!value) return null;
    var folded = foldWithMap(value);
    var list = needles(units);
    var first = -1;
    for (var n = 0; n < list.length && first === -1; n++) {
      var hit = occurrences(folded.text, list[n].text, list[n].whole)[0];
      if (hit) first = folded.from[hit[0]];
    }
    if (first === -1) return null;
    var start = Math.max(0, first - SNIPPET_BEFORE);
    var end = Math.min(value.length, start + SNIPPET_LENGTH);
    // Whole words at the edges, where the text has spaces.
    if (start > 0) {
      var space = value.indexOf(' ', start);
      if (space !== -1 && space < first) start = space + 1;
    }
    if (end < value.length) {
      var lastSpace = value.lastIndexOf(' ', end);
      if (lastSpace > first + 20) end = lastSpace;
    }
    var piece = value.slice(start, end);
    var inPiece = foldWithMap(piece);
    var marks = [];
    list.forEach(function (needle) {
      occurrences(inPiece.text, needle.text, needle.whole).forEach(function (range) {
        marks.push([inPiece.from[range[0]], inPiece.from[range[1]]]);
      });
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var paragraph = element('p', 'search-snippet');
    var at = 0;
    if (start > 0) paragraph.appendChild(document.createTextNode('… '));
    marks.forEach(function (range) {
      if (range[1] <= at) return;
      var from = Math.max(range[0], at);
      if (from > at) paragraph.appendChild(document.createTextNode(piece.slice(at, from)));
      paragraph.appendChild(element('mark', null, piece.slice(from, range[1])));
      at = range[1];
    });
    if (at < piece.length) paragraph.appendChild(document.createTextNode(piece.slice(at)));
    if (end < value.length) paragraph.appendChild(document.createTextNode(' …'));
    return paragraph;
  }

  function renderResult(item, units) {
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

    var shown = snippet(item.b, units) || snippet(item.x, units);
    if (shown) li.appendChild(shown);
    else if (item.x) li.appendChild(element('p', 'search-result-summary', item.x));
    return li;
  }

  function setStatus(message) {
    if (status.textContent !== message) status.textContent = message;
  }

  function clearResults() {
    while (results.firstChild) results.removeChild(results.firstChild);
    if (more) more.hidden = true;
  }

  /** Show the next page of hits: their documents are fetched now, only for what is shown. */
  function showMore(id) {
    var state = current;
    var next = state.hits.slice(state.shown, state.shown + PAGE_SIZE);
    return Promise.all(
      next.map(function (hit) {
        return once(documents, hit.doc, base + 'd/' + hit.doc.toString(36) + '.json');
      })
    ).then(function (items) {
      if (id !== runId) return;
      var fragment = document.createDocumentFragment();
      items.forEach(function (item) {
        fragment.appendChild(renderResult(item, state.units));
      });
      results.appendChild(fragment);
      state.shown += next.length;
      if (more) more.hidden = state.shown >= state.hits.length;
      return items.length;
    });
  }

  function failed(id) {
    if (id !== runId) return;
    results.removeAttribute('aria-busy');
    clearResults();
    setStatus(text('searchUnavailable', {}));
  }

  /** Search for `rawQuery`; `typing`: asked by the reader's typing, not by Enter, a filter or the address. */
  function run(rawQuery, typing) {
    var query = rawQuery.trim();
    var id = ++runId;
    var units = queryUnits(query);

    if (units.length === 0) {
      // Nothing typed: nothing to say. Only signs, or only words too long to be indexed ("!!!"):
      // nothing can match, and the reader is told so rather than shown an empty page (once the
      // query is asked for: while typing, a lone opening quote is no query yet).
      results.removeAttribute('aria-busy');
      clearResults();
      setStatus(query && !typing ? text('searchNoResults', { query: query }) : '');
      return;
    }

    results.setAttribute('aria-busy', 'true');
    loadMeta()
      .then(function (meta) {
        return Promise.all([loadPostings(meta, units), loadSection(chosen(sectionSelect))]).then(function (loaded) {
          return rank(units, loaded[0], loaded[1], chosen(yearSelect));
        });
      })
      .then(function (hits) {
        if (id !== runId) return;
        clearResults();
        current = { hits: hits, shown: 0, units: units };
        return showMore(id).then(function () {
          if (id !== runId) return;
          results.removeAttribute('aria-busy');
          setStatus(hits.length === 0 ? text('searchNoResults', { query: query }) : text('searchResults', { count: hits.length, query: query }));
        });
      })
      .catch(function () {
        failed(id);
      });
  }

  if (more) {
    more.addEventListener('click', function () {
      if (!current) return;
      var id = runId;
      var first = results.children.length;
      showMore(id).then(function () {
        // Focus the first new result, so keyboard and screen-reader users carry on from there.
        var link = results.children[first] && results.children[first].querySelector('a');
        if (link) link.focus();
      }, function () {
        failed(id);
      });
    });
  }

  function initialParams() {
    try {
      var params = new URLSearchParams(window.location.search);
      return { q: params.get('q') || '', section: params.get('section') || '', year: params.get('year') || '' };
    } catch (e) {
      return { q: '', section: '', year: '' };
    }
  }
  /** Keep ?q= (and the filters) in the address bar so a search can be shared or reloaded. */
  function remember(query) {
    if (!window.history || !history.replaceState) return;
    try {
      var url = new URL(window.location.href);
      var set = function (name, value) {
        if (value) url.searchParams.set(name, value);
        else url.searchParams.delete(name);
      };
      set('q', query);
      set('section', chosenName(sectionSelect));
      set('year', chosen(yearSelect));
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    } catch (e) {
      /* ignore: e.g. file:// pages in some browsers */
    }
  }

  function searchNow(typing) {
    window.clearTimeout(debounceTimer);
    run(input.value, typing === true);
    remember(input.value.trim());
  }

  input.addEventListener('input', function () {
    window.clearTimeout(debounceTimer);
    debounceTimer = window.setTimeout(function () {
      searchNow(true);
    }, DEBOUNCE_MS);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    searchNow();
  });

  [sectionSelect, yearSelect].forEach(function (select) {
    if (select) select.addEventListener('change', searchNow);
  });

  // Start loading the index as soon as the reader shows interest.
  input.addEventListener('focus', function () {
    loadMeta().catch(function () {});
  }, { once: true });

  var initial = initialParams().q;
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
