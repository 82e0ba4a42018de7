'use client';

import { useCallback, useEffect, useState } from 'react';
import { leaseQueryParams, parseLeaseQuery } from '@/lib/shared/lease-query';
import type { LeaseQuery, LeaseSort } from '@/lib/shared/contract';

/** What the viewer typed and chose, kept as typed even when it is not a valid query yet. */
export type LeaseFilterDraft = { id: string; key: string; kind: string; sort: LeaseSort };

/** Typing is followed after this pause, so each key press does not fetch a page. */
const FILTER_DELAY_MS = 200;

/**
 * The lease list's filter, sort and page: the draft follows the inputs, the query follows the draft
 * once it is valid (a bad one keeps the last good query and says which field is wrong), and the
 * address bar follows the query, so a reload or a shared link shows the same page.
 */
export function useLeaseQuery(initial: LeaseQuery) {
  const [draft, setDraft] = useState<LeaseFilterDraft>({
    id: initial.id,
    key: initial.key,
    kind: initial.kind,
    sort: initial.sort,
  });
  const [offset, setOffset] = useState(initial.offset);
  const [query, setQuery] = useState(initial);
  const [error, setError] = useState<{ field: string; error: string } | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      const parsed = parseLeaseQuery(
        new URLSearchParams({ ...draft, offset: String(offset), limit: String(initial.limit) }),
      );
      if (!parsed.ok) {
        setError({ field: parsed.field, error: parsed.error });
        return;
      }
      setError(null);
      setQuery((old) =>
        leaseQueryParams(old) === leaseQueryParams(parsed.query) ? old : parsed.query,
      );
      const params = leaseQueryParams(parsed.query);
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${params ? `?${params}` : ''}`,
      );
    }, FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, offset, initial.limit]);

  /** A new filter or sort starts again at the first page. */
  const edit = useCallback((change: Partial<LeaseFilterDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setOffset(0);
  }, []);

  return { draft, edit, offset, setOffset, query, error };
}
