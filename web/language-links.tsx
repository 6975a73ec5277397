import type { LanguageLink } from '#core';

/**
 * The language switcher and its `hreflang` alternates, for public and staff pages alike:
 * one link per other language, named in that language (its autonym, with `lang` so screen
 * readers switch voice). The links come from the language table (`languageLinks`), so a
 * new language appears on every page without a change here.
 */
export function LanguageAlternates({ links }: { links: readonly LanguageLink[] }) {
  return (
    <>
      {links.map((link) => (
        <link rel="alternate" hreflang={link.language} href={link.href} />
      ))}
    </>
  );
}

export function LanguageSwitcher({ links }: { links: readonly LanguageLink[] }) {
  return (
    <>
      {links.map((link) => (
        <a class="language-link" href={link.href} hreflang={link.language} lang={link.language}>
          {link.autonym}
        </a>
      ))}
    </>
  );
}
