// GET /api/audit's query: filters (user, lease, action, result) and a page (`before` a sequence,
// `limit` entries). Pure, so the page builds its URLs with the same rules the route checks.
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '@/lib/shared/contract-audit';
import { ERROR_CODES, type ErrorCode } from '@/lib/shared/contract-problem';
import { parseLeaseId } from '@/lib/shared/lease-id';

export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE = 500;
/** A user name longer than this was never recorded (lib/audit/ shortens them). */
const MAX_USER_CHARS = 200;

/** `ok`, any failure, or one error code. */
export type AuditResultFilter = 'ok' | 'failed' | ErrorCode;
export const AUDIT_RESULT_FILTERS: readonly AuditResultFilter[] = ['ok', 'failed', ...ERROR_CODES];

export type AuditQuery = {
  user: string | null;
  /** 16-digit hex */
  lease: string | null;
  action: AuditAction | null;
  result: AuditResultFilter | null;
  /** only entries older than this sequence; null for the newest */
  before: number | null;
  limit: number;
};

export const NO_AUDIT_FILTER: AuditQuery = {
  user: null,
  lease: null,
  action: null,
  result: null,
  before: null,
  limit: AUDIT_PAGE_SIZE,
};

type Field = 'user' | 'lease' | 'action' | 'result' | 'before' | 'limit';
export type AuditQueryResult =
  { ok: true; query: AuditQuery } | { ok: false; field: Field; error: string };

const isAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);
const isResult = (r: string): r is AuditResultFilter =>
  (AUDIT_RESULT_FILTERS as readonly string[]).includes(r);

/** A whole number from `min` to `max`, or why not. */
function whole(raw: string, min: number, max: number): number | null {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

export function parseAuditQuery(params: URLSearchParams): AuditQueryResult {
  const query: AuditQuery = { ...NO_AUDIT_FILTER };
  const fail = (field: Field, error: string): AuditQueryResult => ({ ok: false, field, error });
  const user = params.get('user');
  if (user) {
    if (user.length > MAX_USER_CHARS)
      return fail('user', `user can be at most ${MAX_USER_CHARS} characters`);
    query.user = user;
  }
  const lease = params.get('lease');
  if (lease) {
    const id = parseLeaseId(lease);
    if (!id)
      return fail('lease', `lease must be a hex lease ID like 694d9a1b2c3d4e5f, not "${lease}"`);
    query.lease = id.hex;
  }
  const action = params.get('action');
  if (action) {
    if (!isAction(action))
      return fail('action', `action must be one of ${AUDIT_ACTIONS.join(', ')}, not "${action}"`);
    query.action = action;
  }
  const result = params.get('result');
  if (result) {
    if (!isResult(result))
      return fail('result', `result must be ok, failed or an error code, not "${result}"`);
    query.result = result;
  }
  const before = params.get('before');
  if (before !== null) {
    const n = whole(before, 1, Number.MAX_SAFE_INTEGER);
    if (n === null)
      return fail('before', `before must be an entry's sequence number, not "${before}"`);
    query.before = n;
  }
  const limit = params.get('limit');
  if (limit !== null) {
    const n = whole(limit, 1, MAX_AUDIT_PAGE);
    if (n === null)
      return fail(
        'limit',
        `limit must be a whole number from 1 to ${MAX_AUDIT_PAGE}, not "${limit}"`,
      );
    query.limit = n;
  }
  return { ok: true, query };
}

/** The query as URL parameters (the defaults left out), for the page's requests and links. */
export function auditSearch(query: AuditQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.user) params.set('user', query.user);
  if (query.lease) params.set('lease', query.lease);
  if (query.action) params.set('action', query.action);
  if (query.result) params.set('result', query.result);
  if (query.before !== null) params.set('before', String(query.before));
  if (query.limit !== AUDIT_PAGE_SIZE) params.set('limit', String(query.limit));
  return params;
}

/** Whether an entry passes the filters (the page's cursor aside). */
export function auditMatches(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.user !== null && entry.who !== query.user) return false;
  if (query.lease !== null && entry.lease !== query.lease) return false;
  if (query.action !== null && entry.action !== query.action) return false;
  if (query.result === 'ok') return entry.result === 'ok';
  if (query.result === 'failed') return entry.result !== 'ok';
  return query.result === null || entry.result === query.result;
}

/** One page of `entries` (oldest first, as the trail holds them): newest first, as the query asks. */
export function auditPage(
  entries: readonly AuditEntry[],
  query: AuditQuery,
): { total: number; newer: number; entries: AuditEntry[]; older: number | null } {
  const matching: AuditEntry[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry && auditMatches(entry, query)) matching.push(entry);
  }
  const before = query.before;
  const start = before === null ? 0 : countWhile(matching, (e) => e.seq >= before);
  const page = matching.slice(start, start + query.limit);
  const last = page.at(-1);
  const older = last && start + page.length < matching.length ? last.seq : null;
  return { total: matching.length, newer: start, entries: page, older };
}

const countWhile = <T>(items: T[], test: (item: T) => boolean) => {
  let n = 0;
  while (n < items.length && test(items[n] as T)) n++;
  return n;
};
