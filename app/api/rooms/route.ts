import { readRefusal } from '@/lib/access/guard';
import { roomsView } from '@/lib/rooms/room-view';
import { perDashboard } from '@/lib/dashboard/request';
import { errorCodeOf, errorResponse, publicError } from '@/lib/shared/errors';

// The open audience rooms and their members, for the presenter's big screen.
export const dynamic = 'force-dynamic';

async function handleGet(): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  try {
    return Response.json(await roomsView(), { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    // etcd not answering, a configuration error, a replica that stopped leading: said as such.
    const code = errorCodeOf(err);
    if (!code) throw err;
    return errorResponse(code, publicError(err));
  }
}

export const GET = perDashboard(handleGet);
