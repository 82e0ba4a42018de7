import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { JoinRoom } from '@/components/rooms/join-room';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { parseRoomCode } from '@/lib/shared/room';

// A phone's page in an audience room: the room's code is all it needs, so it asks for no sign-in
// and reads nothing of the dashboard (app/room-actions.ts holds all it may do).
export const dynamic = 'force-dynamic';

export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const code = parseRoomCode((await params).code);
  if (!code) notFound();
  const t = await getTranslations('join');
  return (
    <main className="join-page">
      <header className="presenter-head">
        <h1>{t('title', { code })}</h1>
        <span>
          <ThemeSwitch /> <LanguageSwitch />
        </span>
      </header>
      <JoinRoom code={code} />
    </main>
  );
}
