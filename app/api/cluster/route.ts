import { readRefusal } from '@/lib/access/guard';
import { clusterView } from '@/lib/api/responses';
import { perDashboard } from '@/lib/dashboard/request';

// The cluster's members, its leader, and each configured endpoint's status, as the cluster monitor
// last saw them (four times a second). Viewers never cause etcd requests.
export const dynamic = 'force-dynamic';

async function handleGet(): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  return Response.json(clusterView(), { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = perDashboard(handleGet);
