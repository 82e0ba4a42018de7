import Link from 'next/link';
import { AccessNotice } from '@/components/access/access-notice';
import { Scenarios } from '@/components/scenarios/scenarios';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { accessViewForPage } from '@/lib/access/guard';

// Guided scenarios for teaching leases, every number from the real etcd.
export const dynamic = 'force-dynamic';

export default async function ScenariosPage() {
  const access = await accessViewForPage();
  return (
    <main>
      <header className="presenter-head">
        <Link href="/">All leases</Link>
        <ThemeSwitch />
      </header>
      <h1>Lease scenarios</h1>
      {access.protectReads && !access.signedIn ? (
        <AccessNotice access={access} />
      ) : (
        <Scenarios access={access} />
      )}
    </main>
  );
}
