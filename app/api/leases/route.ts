import { getSampler } from '@/lib/sampler';

// Every lease in the cluster, as the sampler last read it. Viewers never cause etcd requests.
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const sampler = getSampler();
  await sampler.ready();
  return Response.json(sampler.snapshot(), { headers: { 'Cache-Control': 'no-store' } });
}
