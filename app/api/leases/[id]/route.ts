import { readRefusal } from '@/lib/access/guard';
import { leaseDetail } from '@/lib/server';
import { leaseIdSchema } from '@/lib/shared/schemas';

// One lease with its TTL history and events (for the chart), as the sampler last read it.
export const dynamic = 'force-dynamic';

export async function GET(
  _request: Request,
  ctx: { params: Promise<{ id: string }> },
): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  const { id } = await ctx.params;
  const parsed = leaseIdSchema.safeParse(id);
  if (!parsed.success) {
    return Response.json(
      { error: parsed.error.issues[0]?.message ?? 'bad lease ID' },
      { status: 400 },
    );
  }
  const detail = await leaseDetail(parsed.data.hex);
  if (!detail) {
    return Response.json(
      {
        error: `lease ${parsed.data.hex} is not in etcd and the dashboard has not seen it recently`,
      },
      { status: 404 },
    );
  }
  return Response.json(detail, { headers: { 'Cache-Control': 'no-store' } });
}
