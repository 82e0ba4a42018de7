import { readRefusal } from '@/lib/access/guard';
import { auditView } from '@/lib/api/audit';
import { parseAuditQuery } from '@/lib/shared/audit-query';
import { asIs, errorCodeOf, errorResponse, publicError } from '@/lib/shared/errors';
import { perDashboard } from '@/lib/dashboard/request';

// The audit trail, newest first: ?user=&lease=&action=&result=ok|failed|<code>&before=<seq>&limit=.
// Under DASHBOARD_PROTECT_READS only a signed-in browser sees it.
export const dynamic = 'force-dynamic';

async function handleGet(request: Request): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  const parsed = parseAuditQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return errorResponse('invalid_input', asIs(parsed.error), parsed.field);
  try {
    const body = await auditView(parsed.query);
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    // Not the leader any more, or etcd did not answer the trail's first read: said as such.
    const code = errorCodeOf(err);
    if (code === null || code === 'internal') throw err;
    return errorResponse(code, publicError(err));
  }
}

export const GET = perDashboard(handleGet);
