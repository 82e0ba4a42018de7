import { errorResponse } from '@/lib/shared/errors';
import { readRefusal } from '@/lib/access/guard';
import { viewerClient } from '@/lib/access/viewer-client';
import { leaseDetail } from '@/lib/api/responses';
import { leaseIdSchema } from '@/lib/shared/schemas';
import { perDashboard } from '@/lib/dashboard/request';

// One lease with its TTL history and events (for the chart), as the sampler last read it.
export const dynamic = 'force-dynamic';

async function handleGet(
  _request: Request,
  ctx: { params: Promise<{ id: string }> },
): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  const { id } = await ctx.params;
  const parsed = leaseIdSchema.safeParse(id);
  if (!parsed.success)
    return errorResponse('invalid_input', parsed.error.issues[0]?.message ?? 'bad lease ID', 'id');
  const detail = await leaseDetail(parsed.data.hex, await viewerClient());
  if (!detail)
    return errorResponse(
      'lease_not_found',
      `lease ${parsed.data.hex} is not in etcd and the dashboard has not seen it recently`,
    );
  return Response.json(detail, { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = perDashboard(handleGet);
