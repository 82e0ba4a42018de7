import { errorResponse } from '@/lib/shared/errors';
import { say } from '@/lib/shared/english';
import { readRefusal } from '@/lib/access/guard';
import { viewerClient } from '@/lib/access/viewer-client';
import { leaseDetail } from '@/lib/api/responses';
import { leaseIdSchema, validationSaid } from '@/lib/shared/schemas';
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
    return errorResponse(
      'invalid_input',
      validationSaid(parsed.error.issues[0]?.message ?? ''),
      'id',
    );
  const detail = await leaseDetail(parsed.data.hex, await viewerClient());
  if (!detail)
    return errorResponse('lease_not_found', say('errors.leaseNotSeen', { id: parsed.data.hex }));
  return Response.json(detail, { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = perDashboard(handleGet);
