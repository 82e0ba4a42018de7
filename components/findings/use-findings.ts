'use client';

import { useCallback, useMemo } from 'react';
import useSWR from 'swr';
import type { FindingKind, FindingsResponse } from '@/lib/shared/contract-findings';
import { findingExamplesPageSchema, findingsResponseSchema } from '@/lib/shared/contract-findings';
import { fetchJson, fetchParsed, type Stamped } from '@/components/leases/use-leases';
import { findingsByLease, type LeaseFinding } from '@/components/findings/by-lease';
import { useClusterPath } from '@/components/cluster/cluster-base';

/**
 * Findings are judged over seconds to minutes (a leak age, a growth window), and each answer
 * carries every finding's first examples: a faster poll would show nothing new.
 */
export const FINDINGS_POLL_MS = 5000;

const FINDINGS_URL = '/api/findings';

/**
 * Pages of examples count from one, and the first page is the examples the findings' own answer
 * carries: "more examples" asks for the second page on.
 */
export const FIRST_EXAMPLES_PAGE = 1;

const fetchFindings = (url: string) => fetchJson(url, findingsResponseSchema);
const fetchExamples = (url: string) => fetchParsed(url, findingExamplesPageSchema);

/** Every finding there is now. The panel, the rows and the details share one request (SWR dedupes). */
export function useFindings() {
  const path = useClusterPath();
  const url = path(FINDINGS_URL);
  return useSWR<Stamped<FindingsResponse>>(url, fetchFindings, {
    refreshInterval: FINDINGS_POLL_MS,
    keepPreviousData: true,
  });
}

/** One page of a finding's examples; nothing is fetched for the first, which the findings carry. */
export function useFindingExamples(kind: FindingKind, page: number) {
  const params = new URLSearchParams({ kind, page: String(page) });
  const path = useClusterPath();
  const url = path(`${FINDINGS_URL}?${params}`);
  return useSWR(page > FIRST_EXAMPLES_PAGE ? url : null, fetchExamples, {
    refreshInterval: FINDINGS_POLL_MS,
    keepPreviousData: true,
  });
}

/** Looks up the findings that name a lease (see findingsByLease for which ones are known). */
export function useLeaseFindings(): (id: string) => LeaseFinding[] {
  const { data } = useFindings();
  const index = useMemo(() => findingsByLease(data?.findings ?? []), [data]);
  return useCallback((id: string) => index.get(id) ?? [], [index]);
}
