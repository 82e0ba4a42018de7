import { clusterView } from '@/lib/monitor';

// The cluster's members, its leader, and each configured endpoint's status, as the cluster monitor
// last saw them (twice a second). Viewers never cause etcd requests.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json(clusterView(), { headers: { 'Cache-Control': 'no-store' } });
}
