// GET /api/findings' query: none for every finding, or `?kind=<kind>&page=<n>` for one page of one
// finding's examples. Pure, so the page builds its URLs with the same rules the route checks.
import { FINDING_KINDS, type FindingKind } from '@/lib/shared/contract-findings';

export const MAX_FINDINGS_PAGE = 100_000;

export type FindingsQuery = { kind: FindingKind; page: number } | null;

export type FindingsQueryResult =
  { ok: true; query: FindingsQuery } | { ok: false; field: 'kind' | 'page'; error: string };

const isKind = (k: string): k is FindingKind => (FINDING_KINDS as readonly string[]).includes(k);

export function parseFindingsQuery(params: URLSearchParams): FindingsQueryResult {
  const kind = params.get('kind');
  const page = params.get('page');
  if (kind === null && page === null) return { ok: true, query: null };
  if (kind === null || !isKind(kind))
    return {
      ok: false,
      field: 'kind',
      error: `kind must be one of ${FINDING_KINDS.join(', ')}${kind === null ? ' (a page needs its kind)' : `, not "${kind}"`}`,
    };
  if (page === null) return { ok: true, query: { kind, page: 1 } };
  const n = /^\d+$/.test(page) ? Number(page) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FINDINGS_PAGE)
    return {
      ok: false,
      field: 'page',
      error: `page must be a whole number from 1 to ${MAX_FINDINGS_PAGE}, not "${page}"`,
    };
  return { ok: true, query: { kind, page: n } };
}

/** The URL of one page of a finding's examples. */
export const findingsPageUrl = (kind: FindingKind, page: number) =>
  `/api/findings?kind=${encodeURIComponent(kind)}&page=${page}`;
