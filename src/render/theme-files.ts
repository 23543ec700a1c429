import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_TEMPLATES } from '../config/index.js';

// Which files a theme is made of, apart from compiling them: a build with nothing to do stamps
// them without loading Handlebars.

/** Every file a theme in `templatesDir` is made of, the default theme's included (absolute paths, sorted). */
export function themeFiles(templatesDir: string): string[] {
  const layers = [BUILTIN_TEMPLATES, templatesDir].filter((dir, i, all) => all.indexOf(dir) === i);
  return layers.flatMap((dir) => listThemeFiles(dir).map((rel) => path.join(dir, rel))).sort();
}

/** The files of one theme folder ('/'-separated, relative), hidden ones left out; none when it is missing. */
export function listThemeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk('');
  return out;
}
