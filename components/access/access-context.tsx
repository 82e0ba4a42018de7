'use client';

import { createContext, useContext } from 'react';
import { useTranslations } from 'next-intl';
import type { AccessView } from '@/lib/shared/contract';

/** Whether this page may change etcd, and if not, why (for disabled controls' titles). */
export type Changes = { allowed: boolean; why: string | null };

/** What the context holds: the reason by name, put in words in the viewer's language. */
type ChangesState = { allowed: boolean; reason: 'read-only' | 'sign-in' | 'sign-in-user' | null };

export function changesFor(access: AccessView): ChangesState {
  if (access.readOnly) return { allowed: false, reason: 'read-only' };
  if (access.signIn !== 'open' && !access.signedIn)
    return { allowed: false, reason: access.signIn === 'etcd' ? 'sign-in-user' : 'sign-in' };
  return { allowed: true, reason: null };
}

const ChangesContext = createContext<ChangesState>({ allowed: true, reason: null });

export const ChangesProvider = ChangesContext.Provider;

export function useChanges(): Changes {
  const { allowed, reason } = useContext(ChangesContext);
  const t = useTranslations('access.why');
  return { allowed, why: reason ? t(reason) : null };
}
