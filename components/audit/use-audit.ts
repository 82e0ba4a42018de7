'use client';

import useSWR from 'swr';
import { auditResponseSchema, type AuditResponse } from '@/lib/shared/contract-audit';
import { auditSearch, type AuditQuery } from '@/lib/shared/audit-query';
import { fetchParsed } from '@/components/leases/use-leases';
import { useClusterPath } from '@/components/cluster/cluster-base';

/** New entries come with people's changes: every few seconds is soon enough to see one's own. */
export const AUDIT_POLL_MS = 2000;

const fetchAudit = (url: string) => fetchParsed(url, auditResponseSchema);

/** One page of the audit trail as `query` asks, newest first. */
export function useAudit(query: AuditQuery) {
  const path = useClusterPath();
  const search = auditSearch(query).toString();
  return useSWR<AuditResponse>(path(`/api/audit${search ? `?${search}` : ''}`), fetchAudit, {
    refreshInterval: AUDIT_POLL_MS,
    keepPreviousData: true,
  });
}
