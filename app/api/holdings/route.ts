import { readRefusal } from '@/lib/access/guard';
import { holdingsView } from '@/lib/api/holdings';
import { perDashboard } from '@/lib/dashboard/request';

// What the alive leases hold, by kind, and the key prefixes holding the most leases (from the
// sampler's readings; no etcd request per viewer).
export const dynamic = 'force-dynamic';

async function handleGet(): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  return Response.json(await holdingsView(), { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = perDashboard(handleGet);
