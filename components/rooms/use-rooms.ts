'use client';

import useSWR from 'swr';
import { POLL_INTERVAL_MS, fetchJson, type Stamped } from '@/components/leases/use-leases';
import { useClusterPath } from '@/components/cluster/cluster-base';
import { roomsResponseSchema, type RoomsResponse } from '@/lib/shared/room';

/** The open audience rooms and their members, polled for the big screen. */
export function useRooms() {
  const path = useClusterPath();
  return useSWR<Stamped<RoomsResponse>>(
    path('/api/rooms'),
    (url: string) => fetchJson(url, roomsResponseSchema),
    { refreshInterval: POLL_INTERVAL_MS, dedupingInterval: 200, keepPreviousData: true },
  );
}
