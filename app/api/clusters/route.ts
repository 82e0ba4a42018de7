import { readRefusal } from '@/lib/access/guard';
import { clustersView } from '@/lib/api/clusters';

// The clusters this dashboard serves and whether each answers, for the switcher in the header.
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  return Response.json(clustersView(true), { headers: { 'Cache-Control': 'no-store' } });
}
