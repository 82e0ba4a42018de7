import { Dashboard } from '@/components/dashboard';
import { leasesSnapshot } from '@/lib/monitor';

// Rendered per request with the sampler's current state, so the first paint already shows the
// leases; the browser then polls /api/leases.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const initial = await leasesSnapshot();
  return (
    <main>
      <header className="page-head">
        <h1>etcd lease dashboard</h1>
        <p className="muted">
          etcd at{' '}
          {initial.etcd.endpoints.map((e) => (
            <code key={e}>{e}</code>
          ))}
          . A lease is a timer on the server: keys put with it are deleted when it expires or is
          revoked, unless something renews it first.
        </p>
      </header>
      <Dashboard initial={initial} />
    </main>
  );
}
