// The languages the interface speaks, and which one a request gets: the one its viewer chose (the
// NEXT_LOCALE cookie the language switch sets), else the first the browser asks for that the
// dashboard speaks (Accept-Language), else English. Pure, so the choice is tested without a server.

export const LOCALES = ['en', 'zh-CN'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'en';

/** The cookie the language switch sets (next-intl's own name for it). */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export const isLocale = (value: unknown): value is AppLocale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** Simplified Chinese: zh on its own, China, Singapore, or the Hans script with any region. */
const SIMPLIFIED = /^zh(-(cn|sg|hans)(-.*)?)?$/;

/** One language tag of Accept-Language as a locale the dashboard speaks, or null. */
function spoken(tag: string): AppLocale | null {
  const lower = tag.toLowerCase();
  if (SIMPLIFIED.test(lower)) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/**
 * The first language of an Accept-Language header (by its q weights, then its order) that the
 * dashboard speaks; null when it names none. Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not
 * Simplified: it is passed over like any other language the dashboard does not speak.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): AppLocale | null {
  if (!header) return null;
  const wanted = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      // A weight that does not read as a number drops the language (NaN is not above 0).
      const weight = params.find((p) => /^\s*q\s*=/i.test(p));
      const q = weight === undefined ? 1 : Number(/=\s*([\d.]+)\s*$/.exec(weight)?.[1] ?? NaN);
      return { tag: tag.trim(), q, order };
    })
    .filter((w) => w.tag !== '' && w.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const w of wanted) {
    const locale = spoken(w.tag);
    if (locale) return locale;
  }
  return null;
}

/** The viewer's choice (the cookie), else the browser's languages, else English. */
export function chooseLocale(
  cookie: string | null | undefined,
  acceptLanguage: string | null | undefined,
): AppLocale {
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}
