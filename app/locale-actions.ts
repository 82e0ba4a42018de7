'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { LOCALES, LOCALE_COOKIE } from '@/lib/shared/locale';

// The language switch's one action: remember the viewer's language in this browser. It changes
// nothing in etcd, so it needs no sign-in and works on a read-only dashboard too.

const localeSchema = z.enum(LOCALES);

/** A year: the choice outlives the session, like the theme's. */
const ONE_YEAR_S = 365 * 24 * 3600;

export async function setLocaleAction(input: unknown): Promise<{ ok: boolean }> {
  const parsed = localeSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  (await cookies()).set(LOCALE_COOKIE, parsed.data, {
    path: '/',
    maxAge: ONE_YEAR_S,
    sameSite: 'lax',
  });
  return { ok: true };
}
