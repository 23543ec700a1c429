import type { Host } from '../config/hosts.js';
/** What a new site is made from: the answers to `gazette init`'s questions. */
export interface SiteAnswers {
  title: string;
  /** The site's address (`https://example.org/`), or '' for none yet. */
  url: string;
  language: string;
  timezone: string;
  /** Today in the site's time zone, YYYY-MM-DD: the starter stories' date. */
  date: string;
}

/** One file of the starter site: its path from the site's folder, and its text. */
export interface StarterFile {
  path: string;
  text: string;
}

/** The author of the starter stories, who gets a profile. */
export const STARTER_AUTHOR = 'Alex Morgan';
/** Where the starter photo goes, in the site's folder. */
export const STARTER_PHOTO = 'articles/images/harbour-at-dusk.jpg';

/** YAML text for a string: JSON's double-quoted form is YAML too, and no value can turn into another type. */
const q = (text: string) => JSON.stringify(text);

/**
 * The text files of a new site: its config, two short stories (one with a
 * photo), an About page, one author profile and a `.gitignore`. The photo,
 * `package.json` and the CI workflow are made elsewhere.
 */
export function starterFiles(answers: SiteAnswers, host: Host | null = 'github-pages'): StarterFile[] {
  const year = answers.date.slice(0, 4);
  const config = {
    title: answers.title,
    description: `News from ${answers.title}.`,
    url: answers.url === '' ? null : answers.url,
    language: answers.language,
    timezone: answers.timezone,
    author: STARTER_AUTHOR,
    // Where the site is published: "netlify" and "cloudflare" make gazette write their headers and redirects files.
    deploy: { host },
    // Only pages the site keeps: an entry for a sample story's section would fail the build once the
    // samples are deleted, as they ask to be (the sections are in the navigation anyway).
    menus: {
      header: [{ label: 'About', page: 'about.md' }],
      footer: [{ label: 'About', page: 'about.md' }],
    },
  };
  return [
    { path: 'gazette.config.json', text: `${JSON.stringify(config, null, 2)}\n` },
    {
      path: `articles/${year}/harbour-ferry-returns.md`,
      text: `---
title: "Harbour ferry returns after winter repairs"
date: ${answers.date}
author: ${STARTER_AUTHOR}
section: City
tags: [Transport, Harbour]
summary: "The crossing reopens on Monday with a new timetable and a quieter engine."
image: ../images/harbour-at-dusk.jpg
imageAlt: "The harbour at dusk, with cranes and a ferry against an orange sky"
imageCaption: "The harbour at dusk."
imageCredit: "Starter photo"
---
The harbour ferry is back. After three months in dry dock, the crossing reopens on
Monday with a new timetable and an engine that the operator says is half as loud.

## What changes

- Boats leave every 20 minutes at rush hour, every 40 minutes otherwise.
- Bicycles travel free before 9 a.m.

> "We heard the complaints about the noise," the operator's spokesperson said.

This is a sample story: edit it, or delete it once you have written your own
(see [how to publish a story](how-to-publish-a-story.md)).
`,
    },
    {
      path: `articles/${year}/how-to-publish-a-story.md`,
      text: `---
title: "How to publish a story"
date: ${answers.date}
author: ${STARTER_AUTHOR}
section: Newsroom
tags: [Help]
summary: "Every story is a Markdown file in the articles folder. Here is how to write one."
---
Every story is a Markdown file in the \`articles\` folder. The lines between the two
\`---\` at its top (the *front matter*) say what the story is: its \`title\`, its
\`date\`, its \`author\`, \`section\` and \`tags\`, and optionally a lead photo
(\`image\`, with \`imageAlt\` describing it).

To start a new story:

\`\`\`sh
npx gazette new "Council approves the budget" --section City
\`\`\`

It is written as a draft (\`draft: true\`), which stays off the site until you
remove that line. A story dated in the future is published by the first build
after its time. Run \`npm run serve\` to see the site on your computer as you
write, and \`npm run check\` to find broken links before you publish.

This is a sample story: delete it when you no longer need it.
`,
    },
    {
      path: 'articles/about.md',
      text: `---
kind: page
pageType: AboutPage
title: ${q(`About ${answers.title}`)}
summary: "Who we are and how to reach us."
# Old addresses of this page that keep leading here:
aliases: [/about-us/]
---
Tell your readers who you are, what you cover, and how to reach the newsroom.
This page is \`articles/about.md\`; the menus that link to it are in \`gazette.config.json\`.
`,
    },
    {
      path: 'articles/_data/authors.yml',
      text: `# Author profiles: one per byline, shown on the author's page and in search results.
- name: ${STARTER_AUTHOR}
  role: Editor
  bio: |
    ${STARTER_AUTHOR} edits this site. Replace this profile with your own.
`,
    },
    { path: '.gitignore', text: 'node_modules/\ndist/\n.gazette-cache/\n' },
  ];
}

/** The scripts a site's `package.json` gets. */
export const SITE_SCRIPTS: Record<string, string> = {
  build: 'gazette build',
  watch: 'gazette watch',
  serve: 'gazette serve',
  check: 'gazette check',
};
