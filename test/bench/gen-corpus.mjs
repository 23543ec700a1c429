#!/usr/bin/env node
// Deterministic synthetic news corpus generator (no dependencies).
//
//   node gen-corpus.mjs N OUTDIR [SEED] [--changelogs=FRACTION]
//
// --changelogs=0.1 turns that share of the articles into software release notes shaped like real
// project changelogs: long nested lists dense with links to pull requests and commits, code spans,
// bold scopes and names (a few of them 100-800 KB). Such token-dense posts cost Markdown parsers far
// more per byte than prose. Without the flag the output is exactly as before (same bytes per seed).
//
// Writes N Markdown articles as OUTDIR/<yyyy>/<slug>.md with YAML front matter
// (title, date, author, section, tags, summary) and a ~500-1500 word body made
// of news-like sentences built from word pools. Same N + SEED => identical bytes.
// The first K articles of a larger corpus are NOT the same as a smaller corpus
// (links depend on N), so always generate each N separately.
//
// The generated text deliberately contains no "{{" / "{%" sequences, so template
// engines that pre-process Markdown (Liquid, Nunjucks) have nothing to expand.
//
// (A verbatim copy of the shared bench tool shared/bench/gen-corpus.mjs, kept here
// so the project's benchmark, test/bench/run.mjs, stands alone. Keep the two identical
// in behaviour: peers' figures in PEERS.md were measured on its output.)

import { mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [nArg, outDir, seedArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const CHANGELOGS = Number((flags.find((f) => f.startsWith('--changelogs=')) || '--changelogs=0').split('=')[1]);
if (!nArg || !outDir) {
  console.error('usage: node gen-corpus.mjs N OUTDIR [SEED]');
  process.exit(2);
}
const N = Number.parseInt(nArg, 10);
if (!Number.isInteger(N) || N < 1) {
  console.error('N must be a positive integer');
  process.exit(2);
}
const SEED = seedArg === undefined ? 42 : seedArg;

// ---------- seeded PRNG (xmur3 string hash -> mulberry32) ----------
function xmur3(str) {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(xmur3(String(SEED))());
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const chance = (p) => rand() < p;
function sample(arr, k) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------- word pools ----------
const SECTIONS = ['world', 'politics', 'business', 'technology', 'science', 'health', 'sport', 'culture'];
const TAGS = [
  'elections', 'parliament', 'budget', 'inflation', 'interest-rates', 'trade', 'energy', 'climate',
  'weather', 'floods', 'wildfires', 'transport', 'rail', 'aviation', 'housing', 'education',
  'universities', 'schools', 'healthcare', 'hospitals', 'vaccines', 'public-health', 'courts', 'crime',
  'policing', 'immigration', 'diplomacy', 'defence', 'security', 'cybersecurity', 'ai', 'software',
  'startups', 'telecoms', 'space', 'research', 'biology', 'physics', 'oceans', 'agriculture',
  'food', 'retail', 'markets', 'banking', 'employment', 'unions', 'pensions', 'tax',
  'football', 'cricket', 'tennis', 'athletics', 'olympics', 'music', 'film', 'books',
  'theatre', 'art', 'media', 'local-government', 'infrastructure', 'water',
];
const FIRST = ['Alex', 'Maria', 'Sam', 'Priya', 'Jonas', 'Amara', 'Chen', 'Fatima', 'Lucas', 'Ines', 'Tomasz',
  'Grace', 'Omar', 'Hannah', 'Kenji', 'Sofia', 'David', 'Leila', 'Mateo', 'Ruth', 'Ibrahim', 'Elena', 'Noah', 'Yara'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Patel', 'Novak', 'Hughes', 'Tanaka', 'Haddad', 'Silva', 'Keller',
  'Byrne', 'Kowalski', 'Mensah', 'Rossi', 'Nguyen', 'Fischer', 'Alvarez', 'Walsh', 'Osei', 'Larsen'];
const AUTHORS = Array.from({ length: 40 }, () => `${pick(FIRST)} ${pick(LAST)}`);

const PLACES = ['the capital', 'the northern region', 'coastal towns', 'the river valley', 'the border province',
  'the eastern districts', 'rural communities', 'the port city', 'the industrial belt', 'the southern islands',
  'the metropolitan area', 'the highlands', 'several provinces', 'the old town', 'the delta'];
const ACTORS = ['the government', 'ministers', 'the central bank', 'regulators', 'opposition leaders', 'the city council',
  'union representatives', 'health officials', 'researchers', 'the regional authority', 'industry groups',
  'the finance ministry', 'local residents', 'campaigners', 'the national agency', 'economists', 'prosecutors',
  'the transport authority', 'scientists', 'school leaders', 'the football federation', 'court officials'];
const VERBS = ['announced', 'confirmed', 'warned', 'said', 'proposed', 'rejected', 'approved', 'delayed',
  'questioned', 'welcomed', 'criticised', 'outlined', 'defended', 'unveiled', 'postponed', 'signalled'];
const OBJECTS = ['a new spending plan', 'the revised forecast', 'an emergency package', 'the draft legislation',
  'a long-awaited review', 'the pilot programme', 'plans for a new bridge', 'a cut in interest rates',
  'the annual report', 'a series of reforms', 'the investment fund', 'tighter safety rules', 'the merger',
  'a recovery strategy', 'the construction contract', 'fresh restrictions', 'a public inquiry', 'the trade agreement',
  'a wage settlement', 'the research grant', 'a modernisation plan', 'the coastal defence scheme'];
const ADVERBIALS = ['on Tuesday', 'late on Friday', 'earlier this week', 'after months of talks', 'in a statement',
  'at a press conference', 'during a parliamentary hearing', 'ahead of the summit', 'following the vote',
  'in an interview', 'despite mounting pressure', 'for the first time in a decade', 'without giving details',
  'after an independent audit', 'amid growing concern'];
const CONNECT = ['However,', 'Meanwhile,', 'In response,', 'By contrast,', 'At the same time,', 'Separately,',
  'According to officials,', 'Critics argue that', 'Supporters say that', 'Analysts noted that', 'Last year,',
  'Figures published on Monday show that', 'In the weeks before the decision,'];
const NOUNS = ['prices', 'costs', 'waiting times', 'turnout', 'emissions', 'output', 'demand', 'revenue',
  'attendance', 'exports', 'rents', 'ticket sales', 'enrolment', 'response times', 'investment', 'bookings'];
const TRENDS = ['rose by', 'fell by', 'climbed', 'dropped', 'increased by', 'declined by', 'edged up', 'slipped'];
const QUOTES = ['We have listened carefully and we will act', 'This is a difficult moment but not a crisis',
  'The numbers speak for themselves', 'Nobody should be surprised by this outcome',
  'We expect the situation to improve over the coming months', 'It is too early to draw firm conclusions',
  'Families deserve clear answers', 'The decision was taken on the basis of the evidence',
  'We are ready to work with anyone who wants a solution', 'This changes very little on the ground'];
const HEADWORDS = ['Background', 'What happens next', 'Reaction', 'The numbers', 'Why it matters', 'Analysis',
  'Local impact', 'Timeline', 'The wider picture', 'Costs and funding', 'What critics say', 'Key questions',
  'Official response', 'On the ground', 'Looking ahead', 'The evidence'];
const TITLE_SUBJ = ['Council', 'Minister', 'Central bank', 'Regulator', 'Science panel', 'Union', 'Court', 'Hospital trust',
  'Rail operator', 'Tech firm', 'Farm lobby', 'Government', 'City', 'Province', 'Club', 'University', 'Airline', 'School board'];
const TITLE_VERB = ['backs', 'rejects', 'delays', 'unveils', 'warns over', 'approves', 'questions', 'expands',
  'scraps', 'defends', 'launches', 'reviews', 'cuts', 'doubles', 'pauses', 'targets'];
const TITLE_OBJ = ['new housing plan', 'fuel price cap', 'flood defences', 'digital ID scheme', 'teacher pay deal',
  'airport expansion', 'water charges', 'emergency budget', 'AI safety rules', 'night train service',
  'vaccine rollout', 'stadium project', 'carbon tax', 'rent controls', 'port upgrade', 'bank merger',
  'library closures', 'solar farm', 'research funding', 'border checks', 'wage rise', 'bus network'];
const TITLE_TAIL = ['', '', '', ' after protests', ' amid budget row', ' as costs rise', ' despite warnings',
  ' in surprise vote', ' for second year', ' after review', ' as talks stall'];
const EXT_SITES = ['https://example.org/reports', 'https://data.example.com/stats', 'https://www.example.net/news',
  'https://gov.example/publications', 'https://research.example.edu/papers', 'https://archive.example.com/2023'];
const CODE_SNIPPETS = [
  ['json', '{\n  "region": "north",\n  "turnout": 0.642,\n  "wards": 118\n}'],
  ['csv', 'month,cases,admissions\n2023-01,1240,88\n2023-02,1105,71\n2023-03,980,64'],
  ['python', 'import statistics\n\nvalues = [3.1, 2.8, 3.4, 3.9]\nprint(statistics.median(values))'],
  ['sql', 'SELECT district, AVG(rent) AS avg_rent\nFROM listings\nWHERE year = 2024\nGROUP BY district;'],
  ['text', 'Timeline (local time)\n06:40  first alert issued\n07:15  roads closed\n09:30  all-clear given'],
];

// ---------- sentence/paragraph builders ----------
let linkTargets = []; // filled after metadata is generated
let currentIdx = 0;

function inlineDecorate(words) {
  // words: array of tokens (already a sentence without final punctuation)
  const r = rand();
  if (r < 0.10 && words.length > 4) {
    const i = int(1, words.length - 2);
    words[i] = `*${words[i]}*`;
  } else if (r < 0.17 && words.length > 4) {
    const i = int(1, words.length - 3);
    words[i] = `**${words[i]} ${words[i + 1]}**`;
    words.splice(i + 1, 1);
  } else if (r < 0.21) {
    words.push(`via \`${pick(['api/v2', 'report.pdf', 'dataset-2024', 'ticket-4471', 'rule 12(b)', 'form A-7'])}\``);
  }
  return words;
}
function internalLink() {
  let j = int(0, linkTargets.length - 1);
  if (j === currentIdx) j = (j + 1) % linkTargets.length;
  const t = linkTargets[j];
  const cur = linkTargets[currentIdx];
  const href = t.year === cur.year ? `./${t.slug}.md` : `../${t.year}/${t.slug}.md`;
  return `[${t.title.toLowerCase()}](${href})`;
}
function externalLink() {
  const base = pick(EXT_SITES);
  return `[${pick(['the full report', 'published figures', 'an earlier study', 'the official statement', 'court documents', 'the consultation'])}](${base}/${int(100, 9999)})`;
}
function sentence() {
  const kind = int(0, 5);
  let s;
  switch (kind) {
    case 0:
      s = `${cap(pick(ACTORS))} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(ADVERBIALS)}`;
      break;
    case 1:
      s = `${pick(CONNECT)} ${pick(NOUNS)} in ${pick(PLACES)} ${pick(TRENDS)} ${int(2, 38)}% compared with the previous year`;
      break;
    case 2:
      s = `"${pick(QUOTES)}," ${pick(ACTORS)} ${pick(['said', 'told reporters', 'added', 'wrote'])} ${pick(ADVERBIALS)}`;
      break;
    case 3:
      s = `${cap(pick(ACTORS))} in ${pick(PLACES)} ${pick(['said', 'warned', 'confirmed', 'estimated', 'signalled'])} that ${pick(OBJECTS)} would cost about ${int(2, 950)} million over ${int(2, 10)} years`;
      break;
    case 4:
      s = `${pick(CONNECT)} ${pick(ACTORS)} ${pick(VERBS)} ${pick(OBJECTS)}, while ${pick(ACTORS)} ${pick(VERBS)} ${pick(OBJECTS)}`;
      break;
    default:
      s = `The ${pick(['decision', 'proposal', 'announcement', 'ruling', 'report', 'plan'])} affects ${int(3, 900)} ${pick(['thousand households', 'businesses', 'schools', 'workers', 'patients', 'passengers'])} in ${pick(PLACES)}`;
  }
  const words = inlineDecorate(s.split(' '));
  let out = words.join(' ');
  if (chance(0.06)) out += ` (see ${internalLink()})`;
  else if (chance(0.05)) out += `, according to ${externalLink()}`;
  if (!/[.!?"]$/.test(out)) out += '.';
  if (!/^[A-Z"*\[]/.test(out)) out = cap(out);
  return out;
}
function countWords(s) {
  return s.split(/\s+/).filter(Boolean).length;
}
function paragraph() {
  const n = int(2, 6);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(sentence());
  return parts.join(' ');
}
function list() {
  const ordered = chance(0.4);
  const n = int(3, 6);
  const lines = [];
  for (let i = 0; i < n; i++) {
    let item = `${cap(pick(OBJECTS))} ${pick(ADVERBIALS)}`;
    if (chance(0.2)) item += ` — ${internalLink()}`;
    lines.push(ordered ? `${i + 1}. ${item}` : `- ${item}`);
  }
  return lines.join('\n');
}
function table() {
  const cols = int(3, 5);
  const header = ['Region', 'Year', 'Change (%)', 'Total', 'Notes'].slice(0, cols);
  const rows = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i >= 2 && i <= 3 ? ' ---: ' : ' --- ')).join('|')}|`];
  for (let r = 0, n = int(3, 7); r < n; r++) {
    const cells = [cap(pick(PLACES).replace(/^the /, '')), String(int(2019, 2024)), (rand() * 40 - 15).toFixed(1),
      String(int(100, 99999)), pick(['provisional', 'revised', '', 'estimate', 'final'])];
    rows.push(`| ${cells.slice(0, cols).join(' | ')} |`);
  }
  return rows.join('\n');
}
function blockquote() {
  return `> "${pick(QUOTES)}. ${pick(QUOTES)}."\n>\n> — ${pick(AUTHORS)}, ${pick(['spokesperson', 'minister', 'chief executive', 'professor', 'mayor', 'union leader'])}`;
}
function codeBlock() {
  const [lang, code] = pick(CODE_SNIPPETS);
  return '```' + lang + '\n' + code + '\n```';
}
function image(slug) {
  return `![${cap(pick(OBJECTS))} in ${pick(PLACES)}](/images/${slug}-${int(1, 4)}.jpg "${pick(['Photo: agency', 'File photo', 'Photo: staff'])}")`;
}

function body(targetWords, slug) {
  const blocks = [];
  let words = 0;
  // lede
  const lede = paragraph();
  blocks.push(lede);
  words += countWords(lede);
  if (chance(0.35)) blocks.push(image(slug));
  const sections = Math.max(2, Math.round(targetWords / 250));
  const heads = sample(HEADWORDS, Math.min(sections, HEADWORDS.length));
  let hi = 0;
  let usedList = false;
  let usedTable = false;
  let usedQuote = false;
  let usedCode = false;
  while (words < targetWords) {
    if (hi < heads.length && (blocks.length === 1 || chance(0.3))) {
      blocks.push(`## ${heads[hi++]}`);
    }
    const r = rand();
    let b;
    if (!usedList && r < 0.12) {
      b = list();
      usedList = true;
    } else if (!usedTable && r < 0.16 && chance(0.35)) {
      b = table();
      usedTable = true;
    } else if (!usedQuote && r < 0.24) {
      b = blockquote();
      usedQuote = true;
    } else if (!usedCode && r < 0.28 && chance(0.3)) {
      b = codeBlock();
      usedCode = true;
    } else if (r < 0.31 && chance(0.3)) {
      b = `### ${pick(HEADWORDS)}`;
    } else {
      b = paragraph();
    }
    blocks.push(b);
    words += countWords(b);
  }
  if (!usedList) blocks.splice(Math.min(3, blocks.length), 0, list());
  blocks.push(`*${pick(['Additional reporting by', 'Reporting by', 'Edited by'])} ${pick(AUTHORS)}.*`);
  return blocks.join('\n\n') + '\n';
}

// ---------- metadata ----------
function slugify(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
const START = Date.UTC(2020, 0, 1);
const DAYS = 5 * 365 + 1; // 2020-01-01 .. 2024-12-31
const metas = [];
const seen = new Map();
for (let i = 0; i < N; i++) {
  const title = `${pick(TITLE_SUBJ)} ${pick(TITLE_VERB)} ${pick(TITLE_OBJ)}${pick(TITLE_TAIL)}`;
  const d = new Date(START + int(0, DAYS - 1) * 86400000);
  const date = d.toISOString().slice(0, 10);
  const year = date.slice(0, 4);
  let slug = slugify(title);
  const key = `${year}/${slug}`;
  const c = (seen.get(key) || 0) + 1;
  seen.set(key, c);
  if (c > 1) slug = `${slug}-${c}`;
  // realistic length: mostly 600-1000 words, tail up to 1500, floor 500
  const g = (rand() + rand() + rand()) / 3; // ~ bell-shaped on [0,1]
  const target = Math.round(500 + g * g * 1000 + (chance(0.08) ? int(0, 300) : 0));
  metas.push({
    title, date, year, slug, target: Math.min(target, 1500),
    author: pick(AUTHORS), section: pick(SECTIONS), tags: sample(TAGS, int(1, 4)),
  });
}
linkTargets = metas;

// ---------- release notes (only with --changelogs; own PRNG, so the default output is unchanged) ----------
const crand = mulberry32(xmur3(`${SEED}/changelogs`)());
const cint = (a, b) => a + Math.floor(crand() * (b - a + 1));
const cpick = (arr) => arr[Math.floor(crand() * arr.length)];
const SCOPES = ['assert', 'buffer', 'build', 'crypto', 'deps', 'doc', 'esm', 'fs', 'http', 'http2', 'lib', 'module', 'net', 'src', 'stream', 'test', 'tls', 'tools', 'url', 'util', 'v8', 'worker', 'zlib'];
const PEOPLE = ['Ana Ruiz', 'Kwame Mensah', 'Li Wei', 'Sofia Rossi', 'Jonas Berg', 'Priya Nair', 'Tomás Silva', 'Yuki Tanaka', 'Omar Haddad', 'Elif Kaya'];
const ACTIONS = ['fix', 'add', 'remove', 'update', 'refactor', 'improve', 'deprecate', 'document', 'simplify', 'test'];
const THINGS = ['the `options` argument', 'error messages for `ERR_INVALID_ARG_TYPE`', 'support for `AbortSignal`', 'a race in `close()`', 'the `highWaterMark` default', 'handling of `EAGAIN`', 'the `--experimental-loader` flag', 'typed array validation', 'memory use of `Buffer.concat()`', 'the `timeout` option'];
const hex = () => Array.from({ length: 10 }, () => '0123456789abcdef'[cint(0, 15)]).join('');
function changelogEntry() {
  const pr = cint(10000, 60000);
  const repo = 'https://github.com/example/runtime';
  if (crand() < 0.6) {
    const h = hex();
    return `* \\[[\`${h}\`](${repo}/commit/${h})] - **${cpick(SCOPES)}**: ${cpick(ACTIONS)} ${cpick(THINGS)} (${cpick(PEOPLE)}) [#${pr}](${repo}/pull/${pr})`;
  }
  return `* **${cpick(SCOPES)}**:\n  * ${cap(cpick(ACTIONS))} ${cpick(THINGS)} (${cpick(PEOPLE)}) [#${pr}](${repo}/pull/${pr})`;
}
function changelogBody() {
  const big = crand() < 0.03;
  const items = big ? cint(1500, 6000) : cint(60, 600);
  const parts = [`This is a release with ${items} changes. See the notable changes below and the full list of commits.`, '### Notable Changes'];
  for (let i = 0; i < Math.min(12, items); i++) parts.push(changelogEntry());
  parts.push('### Commits');
  const lines = [];
  for (let i = 0; i < items; i++) lines.push(changelogEntry());
  parts.push(lines.join('\n'));
  return parts.join('\n\n') + '\n';
}
const releaseNotes = new Set();
if (CHANGELOGS > 0) for (let i = 0; i < N; i++) if (crand() < CHANGELOGS) releaseNotes.add(i);

// ---------- write ----------
if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
let totalWords = 0;
let totalBytes = 0;
const madeDirs = new Set();
for (let i = 0; i < N; i++) {
  currentIdx = i;
  const m = metas[i];
  const summary = `${cap(pick(ACTORS))} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(ADVERBIALS)}, with ${pick(NOUNS)} in ${pick(PLACES)} expected to change.`;
  const text = body(m.target, m.slug); // always drawn, so the main PRNG stays in step
  const finalText = releaseNotes.has(i) ? changelogBody() : text;
  totalWords += countWords(finalText);
  const fm = [
    '---',
    `title: ${JSON.stringify(m.title)}`,
    `date: ${m.date}`,
    `author: ${JSON.stringify(m.author)}`,
    `section: ${m.section}`,
    'tags:',
    ...m.tags.map((t) => `  - ${t}`),
    `summary: ${JSON.stringify(summary)}`,
    '---',
    '',
  ].join('\n');
  const dir = join(outDir, m.year);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const content = fm + finalText;
  totalBytes += Buffer.byteLength(content);
  writeFileSync(join(dir, `${m.slug}.md`), content);
}
console.error(`wrote ${N} articles to ${outDir} (seed ${SEED}): ${totalWords} body words, avg ${Math.round(totalWords / N)} words, ${(totalBytes / 1048576).toFixed(1)} MiB`);
