import { mayRead } from '@/lib/access/guard';
import { etcdStatus } from '@/lib/api/responses';
import type { HealthResponse } from '@/lib/shared/contract';
import { perDashboard } from '@/lib/dashboard/request';

// Whether etcd answers (as of the sampler's last round), which endpoints are configured and which
// of them fail. 200 when the leases can be read, 503 when not, so scripts and load balancers can
// use it as it is.
export const dynamic = 'force-dynamic';

async function handleGet(): Promise<Response> {
  const body: HealthResponse = await etcdStatus();
  // Behind DASHBOARD_PROTECT_READS a stranger learns only whether it is up, not where etcd is.
  const shown = (await mayRead()) ? body : { ok: body.ok };
  return Response.json(shown, {
    status: body.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}

export const GET = perDashboard(handleGet);
