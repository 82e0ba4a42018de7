import { readRefusal } from '@/lib/access/guard';
import { roomsView } from '@/lib/rooms/room-view';
import { perDashboard } from '@/lib/dashboard/request';

// The open audience rooms and their members, for the presenter's big screen.
export const dynamic = 'force-dynamic';

async function handleGet(): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  return Response.json(await roomsView(), { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = perDashboard(handleGet);
