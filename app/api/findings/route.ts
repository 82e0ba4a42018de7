import { readRefusal } from '@/lib/access/guard';
import { findingExamples, findingsView } from '@/lib/api/findings';
import { asIs, errorCodeOf, errorResponse, publicError } from '@/lib/shared/errors';
import { parseFindingsQuery } from '@/lib/shared/findings-query';
import { perDashboard } from '@/lib/dashboard/request';

// What is wrong with the leases (?kind=<kind>&page=<n>: one page of one finding's examples), judged
// from what the sampler already holds: no etcd request per viewer.
export const dynamic = 'force-dynamic';

async function handleGet(request: Request): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  const parsed = parseFindingsQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return errorResponse('invalid_input', asIs(parsed.error), parsed.field);
  try {
    const { query } = parsed;
    const body = query ? await findingExamples(query.kind, query.page) : await findingsView();
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    // A replica that stopped leading between the proxy's check and here: the leader answers.
    if (errorCodeOf(err) !== 'not_leader') throw err;
    return errorResponse('not_leader', publicError(err));
  }
}

export const GET = perDashboard(handleGet);
