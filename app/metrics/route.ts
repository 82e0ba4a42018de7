import { metricsRefusal } from '@/lib/access/guard';
import { metricsRegistry } from '@/lib/metrics/metrics';

// Prometheus' text format: leases by state, remaining TTLs, keep-alives, the sampler, etcd requests
// and events (lib/metrics/metrics.ts). Under DASHBOARD_PROTECT_READS, send the dashboard token as
// a bearer token. With replicas, every replica answers with the leader's figures.
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const refused = await metricsRefusal(request);
  if (refused) return refused;
  const registry = metricsRegistry();
  return new Response(await registry.metrics(), {
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
}
