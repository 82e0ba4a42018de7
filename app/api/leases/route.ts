import { readRefusal } from '@/lib/access/guard';
import { leasesSnapshot } from '@/lib/monitor';

// Every lease in the cluster, as the sampler last read it. Viewers never cause etcd requests.
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  return Response.json(await leasesSnapshot(), { headers: { 'Cache-Control': 'no-store' } });
}
