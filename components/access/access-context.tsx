'use client';

import { createContext, useContext } from 'react';
import type { AccessView } from '@/lib/shared/contract';

/** Whether this page may change etcd, and if not, why (for disabled controls' titles). */
export type Changes = { allowed: boolean; why: string | null };

export function changesFor(access: AccessView): Changes {
  if (access.readOnly) return { allowed: false, why: 'The dashboard is read-only' };
  if (access.tokenRequired && !access.signedIn)
    return { allowed: false, why: 'Sign in with the dashboard token to change etcd' };
  return { allowed: true, why: null };
}

const ChangesContext = createContext<Changes>({ allowed: true, why: null });

export const ChangesProvider = ChangesContext.Provider;

export function useChanges(): Changes {
  return useContext(ChangesContext);
}
