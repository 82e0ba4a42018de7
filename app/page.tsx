import { AccessNotice } from '@/components/access/access-notice';
import { Dashboard } from '@/components/dashboard';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { accessViewForPage } from '@/lib/access/guard';
import { leasesSnapshot } from '@/lib/monitor';

// Rendered per request with the sampler's current state, so the first paint already shows the
// leases; the browser then polls /api/leases.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const access = await accessViewForPage();
  if (access.protectReads && !access.signedIn) {
    return (
      <main>
        <header className="page-head">
          <h1>etcd lease dashboard</h1>
        </header>
        <AccessNotice access={access} />
      </main>
    );
  }
  const initial = await leasesSnapshot();
  return (
    <main>
      <header className="page-head">
        <h1>etcd lease dashboard</h1>
        <nav className="page-nav">
          <a href="/scenarios">Guided scenarios</a> <ThemeSwitch />
        </nav>
        <p className="muted">
          etcd at{' '}
          {initial.etcd.endpoints.map((e) => (
            <code key={e}>{e}</code>
          ))}
          . A lease is a timer on the server: keys put with it are deleted when it expires or is
          revoked, unless something renews it first.
        </p>
      </header>
      <Dashboard initial={initial} access={access} />
    </main>
  );
}
