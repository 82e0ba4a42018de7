'use client';

import { createContext, useCallback, useContext, type ReactNode } from 'react';

// The cluster a page shows, as the start of its URLs: /c/<name>, or none for the first cluster's
// own URLs. The server knows it from the request (the proxy names the cluster of /c/<name>/…); the browser's
// links and requests keep it, so a page never mixes two clusters.

const ClusterBase = createContext('');

export function ClusterBaseProvider({ base, children }: { base: string; children: ReactNode }) {
  return <ClusterBase.Provider value={base}>{children}</ClusterBase.Provider>;
}

/** `path` (starting with /) in the cluster this page shows. */
export function useClusterPath(): (path: string) => string {
  const base = useContext(ClusterBase);
  return useCallback((path: string) => (base && path === '/' ? base : `${base}${path}`), [base]);
}
