import { readRefusal } from '@/lib/access/guard';
import { allLeases } from '@/lib/api/responses';
import { contestState } from '@/lib/scenarios/contest';
import { dhcpState } from '@/lib/scenarios/dhcp';
import { registryState } from '@/lib/scenarios/registry';
import { sessionState } from '@/lib/scenarios/web-session';
import { tutorialState } from '@/lib/scenarios/tutorial';
import { perDashboard } from '@/lib/dashboard/request';

// The scenarios' state, and the service registry as a reader sees it: every key under the
// registry's prefix, read from the sampler (no etcd request per viewer).
export const dynamic = 'force-dynamic';

async function handleGet(): Promise<Response> {
  const refused = await readRefusal();
  if (refused) return refused;
  const { leases, now } = await allLeases();
  const registry = registryState();
  const live = leases
    .filter((l) => l.status === 'alive')
    .flatMap((l) =>
      l.keys.filter((k) => k.startsWith(registry.prefix)).map((key) => ({ key, lease: l.id })),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
  return Response.json(
    {
      now,
      tutorial: tutorialState(),
      dhcp: dhcpState(),
      session: sessionState(),
      registry: { ...registry, live },
      lock: contestState('lock', now),
      election: contestState('election', now),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export const GET = perDashboard(handleGet);
