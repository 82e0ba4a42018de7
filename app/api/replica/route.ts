import { mayRead } from '@/lib/access/guard';
import { replicaResponse } from '@/lib/replicas/replicas-view';
import type { ReplicaResponse } from '@/lib/shared/contract-replicas';
import { perDashboard } from '@/lib/dashboard/request';

// This replica's own view of who leads (every other route is passed to the leader, proxy.ts):
// for load balancers, scripts and the tests, which must ask each replica what it thinks.
export const dynamic = 'force-dynamic';

async function handleGet(): Promise<Response> {
  const body: ReplicaResponse = replicaResponse();
  // Behind DASHBOARD_PROTECT_READS a stranger learns its role, not where the replicas are.
  const shown = (await mayRead()) ? body : { role: body.role };
  return Response.json(shown, { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = perDashboard(handleGet);
