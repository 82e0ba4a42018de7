import { asIs, errorResponse } from '@/lib/shared/errors';
import { readRefusal } from '@/lib/access/guard';
import { viewerClient } from '@/lib/access/viewer-client';
import { parseLeaseQuery } from '@/lib/shared/lease-query';
import { queryLeases } from '@/lib/api/responses';
import { perDashboard } from '@/lib/dashboard/request';

// A page of the leases, filtered and sorted as asked (?sort=expiry|newest|id&id=&key=&offset=&limit=),
// with counts over every lease, all as the sampler last read them. Viewers never cause etcd requests
// of their own: the leases they are shown are read in the sampler's next round like every other.
export const dynamic = 'force-dynamic';

async function handleGet(request: Request): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  const parsed = parseLeaseQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return errorResponse('invalid_input', asIs(parsed.error), parsed.field);
  return Response.json(await queryLeases(parsed.query, await viewerClient()), {
    headers: { 'Cache-Control': 'no-store' },
  });
}

export const GET = perDashboard(handleGet);
