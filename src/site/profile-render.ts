import type { SiteData } from '../content/data-files.js';
import { positionInFile } from '../content/profiles.js';
import type { MarkdownPool } from '../markdown/pool.js';
import { isRelative, resolveContentUrl, sourcePathOf, type UrlResolver } from '../markdown/resolve-url.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import type { SiteProfile } from './model.js';
import { pushAll } from '../push-all.js';

/** Render the profiles' bios and resolve their photos; a photo that is not in the source folder is an error. */
export async function renderProfiles(siteData: SiteData, pool: MarkdownPool, resolver: UrlResolver, diagnostics: Diagnostic[]): Promise<SiteProfile[]> {
  const { profiles } = siteData;
  if (profiles.length === 0) return [];
  // Bios resolve relative links as a file at the top of the source folder would.
  const sourcePath = 'authors.md';
  const bios = await pool.render(profiles.map((p) => ({ body: p.bio ?? '', sourcePath, displayPath: siteData.profilesFile! })), resolver);
  pushAll(diagnostics, bios.diagnostics);
  return profiles.map((profile, i) => {
    let photoUrl: string | null = null;
    if (profile.photo) {
      photoUrl = resolveContentUrl(profile.photo, sourcePath, resolver);
      if (isRelative(profile.photo) && photoUrl === profile.photo) {
        diagnostics.push(
          diagnostic(siteData.profilesFile!, `the photo of ${profile.name}, ${JSON.stringify(profile.photo)}, is not a file in the source folder (paths are relative to it)`, 'profile-photo', {
            position: profile.position,
          }),
        );
        photoUrl = null;
      }
    }
    // A photo the image stage resized is offered in its sizes, as article photos are.
    const record = profile.photo ? resolver.images.get(sourcePathOf(profile.photo, sourcePath) ?? '') : undefined;
    if (record && photoUrl) photoUrl = record.src;
    const bio = profile.bio ? bios.rendered[i] : undefined;
    // The bio's links, at their place in the profiles file, for `check` to report them there.
    const bioLinks = (bio?.links ?? []).map((link) => {
      const at = profile.bioPlace && link.line !== null ? positionInFile(profile.bioPlace, link.line, link.column ?? 1) : profile.position;
      return { ...link, line: at?.line ?? null, column: at?.column ?? null };
    });
    return { ...profile, bioHtml: bio?.html ?? '', photoUrl, photoSrcset: (photoUrl && record?.srcset) || '', file: siteData.profilesFile!, bioLinks };
  });
}

