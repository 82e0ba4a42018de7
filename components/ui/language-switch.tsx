'use client';

import { useId, useTransition } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { setLocaleAction } from '@/app/locale-actions';
import { LOCALES, isLocale } from '@/lib/shared/locale';

/**
 * English or 中文, chosen by the viewer and remembered in a cookie (the browser's languages until
 * then). The page is rendered again on the server in the new language; its address stays the same.
 */
export function LanguageSwitch() {
  const t = useTranslations('language');
  const locale = useLocale();
  const [pending, startTransition] = useTransition();
  const id = useId();
  return (
    <span className="language-switch">
      <label className="visually-hidden" htmlFor={id}>
        {t('label')}
      </label>
      <select
        id={id}
        value={locale}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          if (!isLocale(next)) return;
          // Setting a cookie in a server action re-renders the page on the server in the same
          // round trip (Next.js revalidates on cookies().set): no router.refresh() after it.
          startTransition(async () => {
            await setLocaleAction(next);
          });
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(l)}
          </option>
        ))}
      </select>
    </span>
  );
}
