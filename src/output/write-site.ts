import type { BuildProgress, GeneratedSite } from '../generate.js';
import { AtomicDir } from './atomic-dir.js';

/**
 * Render and write every file of a generated site into `outDir`, through a
 * staging folder that replaces `outDir` only when all writes succeeded.
 * @returns The number of HTML pages written.
 */
export async function writeSite(outDir: string, site: GeneratedSite, progress?: BuildProgress): Promise<number> {
  const out = await AtomicDir.open(outDir);
  let pages = 0;
  let written = 0;
  try {
    for (const file of site.files) {
      if (file.type === 'page') {
        await out.write(file.path, site.theme.render(file.template, file.context));
        pages++;
      } else if (file.type === 'text') {
        await out.write(file.path, file.content);
      } else {
        await out.copy(file.path, file.from);
      }
      progress?.stage('writing', ++written, site.files.length);
    }
    await out.commit();
  } catch (error) {
    await out.abort();
    throw error;
  }
  return pages;
}
