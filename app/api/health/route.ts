import { getSampler } from '@/lib/monitor';
import type { HealthResponse } from '@/lib/types';

// Whether etcd answers (as of the sampler's last round) and which endpoints are configured.
// 200 when it does, 503 when it does not, so scripts and load balancers can use it as it is.
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const sampler = getSampler();
  await sampler.ready();
  const body: HealthResponse = { ...sampler.etcdStatus(), sampledAt: sampler.lastSampledAt };
  return Response.json(body, {
    status: body.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
