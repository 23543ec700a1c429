import { textOfHtml } from '../../content/html-text.js';
import { truncate } from '../../content/text.js';
import { termKey, type Term } from '../taxonomy.js';
import type { SiteArticle } from '../model.js';
import { commonMetaTags, personJsonLd, withHeadData } from '../views.js';
import type { PlanContext } from './plan-context.js';
import { profileLinks } from '../profile-links.js';

/** Each author's listing; an author with a profile gets it on the page, and a ProfilePage in its head. */
export function planAuthorPages(plan: PlanContext): void {
  for (const author of plan.authors) planAuthorPage(plan, author);
}

/** One author's listing pages: the build plans each author's with it, and watch those of an edited profile. */
export function planAuthorPage(plan: PlanContext, author: Term<SiteArticle>): void {
  const { t, site, urls } = plan;
  const profile = plan.profileOf.get(termKey(author.name));
  if (profile && author.items.length === 0) plan.notes.push(`${author.name} has a profile but no published article: their page lists none`);
  const view = plan.authorViews.get(termKey(author.name))!;
  const description = profile?.role ? t('authorRoleDescription', { role: profile.role, author: author.name }) : t('authorDescription', { author: author.name });
  plan.addListing('author', author.name, view.url, description, author.items, {}, (context) => {
    if (!profile) return;
    context.profile = { name: profile.name, role: profile.role, bioHtml: profile.bioHtml, image: profile.photoUrl, imageSrcset: profile.photoSrcset, email: profile.email, sameAs: profile.links, links: profileLinks(profile.links) };
    const page = context.page;
    // The page's head derives from its fields and the profile, both in its fingerprint.
    withHeadData(page, () => ({
      metaTags: commonMetaTags(site, author.name, description, page.canonicalUrl, 'profile', page.translations),
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'ProfilePage',
          url: page.canonicalUrl,
          name: page.heading,
          inLanguage: site.language,
          mainEntity: { ...personJsonLd(view, urls), description: profile.bio ? truncate(textOfHtml(profile.bioHtml), 300) : undefined },
        },
      ],
    }));
  });
}
