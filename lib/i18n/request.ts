import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, chooseLocale } from '@/lib/shared/locale';

// next-intl without i18n routing: the URLs stay the same in every language, and each request gets
// its viewer's language (lib/shared/locale.ts): the NEXT_LOCALE cookie the language switch sets,
// else the browser's Accept-Language, else English. next.config.js points the plugin here.
export default getRequestConfig(async () => {
  const [jar, list] = await Promise.all([cookies(), headers()]);
  const locale = chooseLocale(jar.get(LOCALE_COOKIE)?.value, list.get('accept-language'));
  return {
    locale,
    messages: (await import(`../../messages/${locale}.json`)).default,
  };
});
