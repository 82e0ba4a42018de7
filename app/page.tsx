import { AccessNotice } from '@/components/access/access-notice';
import { Dashboard } from '@/components/dashboard';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { accessViewForPage } from '@/lib/access/guard';
import { DEFAULT_QUERY, parseLeaseQuery } from '@/lib/shared/lease-query';
import { queryLeases } from '@/lib/api/responses';

// Rendered per request with the sampler's current state, so the first paint already shows the
// leases (the page of them the address asks for: ?sort=&id=&key=&offset=); the browser then polls
// /api/leases with the same query.
export const dynamic = 'force-dynamic';

export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
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
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === 'string') params.set(name, value);
  const parsed = parseLeaseQuery(params);
  const initial = await queryLeases(parsed.ok ? parsed.query : DEFAULT_QUERY);
  return (
    <main className="console-page">
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
