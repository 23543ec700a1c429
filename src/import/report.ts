import { plural } from '../report/reporter.js';
import type { ImportReport } from './import-site.js';

// More items than this skipped for one reason are counted rather than listed (an export holds hundreds of attachments).
const LIST_LIMIT = 5;
// Bylines named before "and N more" (an export may hold a hundred authors).
const NAMES_LISTED = 10;

/**
 * The closing report of an import, as lines: what was imported, what was
 * skipped and why, which files were left alone, and every warning with
 * its item's title and file.
 * @param now The instant that tells scheduled items from published ones.
 */
export function formatImportReport(report: ImportReport, outDisplay: string, now: number): string[] {
  const lines: string[] = [];
  const articles = report.written.filter((p) => p.entry.kind === 'article').length;
  const pages = report.written.length - articles;
  const drafts = report.written.filter((p) => p.entry.draft).length;
  const scheduled = report.written.filter((p) => !p.entry.draft && p.entry.date !== null && (p.entry.scheduled || p.entry.date > now)).length;
  const held = [drafts ? `${drafts} ${plural(drafts, 'draft')}` : '', scheduled ? `${scheduled} scheduled` : ''].filter(Boolean).join(', ');
  lines.push(
    `Imported ${articles} ${plural(articles, 'article')} and ${pages} ${plural(pages, 'page')} into ${outDisplay}` +
      (held ? ` (${held}, held back from the site until published)` : '') +
      (report.mediaCopied.length ? `; copied ${report.mediaCopied.length} media ${plural(report.mediaCopied.length, 'file')}` : '') +
      '.',
  );
  if (report.skipped.length) {
    lines.push(`Skipped ${report.skipped.length} ${plural(report.skipped.length, 'item')}:`);
    const byReason = new Map<string, typeof report.skipped>();
    for (const item of report.skipped) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item]);
    for (const [reason, items] of byReason) {
      if (items.length > LIST_LIMIT) lines.push(`  ${items.length} items: ${reason}`);
      else for (const item of items) lines.push(`  ${quote(item.title)} (${item.origin}): ${reason}`);
    }
  }
  const existing = [...report.existing, ...report.mediaExisting];
  if (existing.length) {
    lines.push(`Left alone ${existing.length} ${plural(existing.length, 'file')} ${existing.length === 1 ? 'that already exists (--force replaces it)' : 'that already exist (--force replaces them)'}:`);
    for (const file of existing) lines.push(`  ${outDisplay}/${file}`);
  }
  if (report.warnings.length) {
    lines.push(`${report.warnings.length} ${plural(report.warnings.length, 'warning')}:`);
    for (const w of report.warnings) lines.push(`  ${quote(w.title)} (${outDisplay}/${w.file}): ${w.message}`);
  }
  for (const note of report.notes) lines.push(note);
  if (report.unprofiled) {
    const { file, names } = report.unprofiled;
    const shown = names.length > NAMES_LISTED ? `${names.slice(0, NAMES_LISTED).join(', ')} and ${names.length - NAMES_LISTED} more` : names.join(', ');
    lines.push(
      `${names.length} ${plural(names.length, 'byline')} of the imported stories ${names.length === 1 ? 'names' : 'name'} no author profile in ${outDisplay}/${file}, so gazette build warns at each story and gazette check fails: ${shown}. Add each there ("- name: ${names[0]}"; a name alone will do).`,
    );
  }
  return lines;
}

function quote(title: string): string {
  const chars = [...title];
  return JSON.stringify(chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : title);
}
