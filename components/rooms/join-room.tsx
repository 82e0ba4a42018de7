'use client';

import { useActionState, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'next-intl';
import { heartbeatAction, joinRoomAction, leaveRoomAction } from '@/app/room-actions';
import { SubmitButton } from '@/components/ui/submit-button';
import { useNow } from '@/components/leases/use-leases';
import { useInWords } from '@/components/ui/problem';
import type { ActionResult } from '@/lib/shared/action-result';
import type { Problem } from '@/lib/shared/contract';
import { displaySeconds } from '@/lib/shared/countdown';
import { HeartbeatLoop } from '@/lib/shared/heartbeat-loop';
import {
  joinResultSchema,
  suggestMemberName,
  type JoinResult,
  type MemberLease,
} from '@/lib/shared/room';

// The phone's page in a room: a name, then its lease as etcd last answered, renewed every TTL/3
// while the page is visible. The credential lives in this tab's sessionStorage only: a closed tab
// takes it along, and its lease then runs out.

type Stage = { stage: 'form' } | { stage: 'left' } | { stage: 'lost'; problem: Problem };

const stored = (code: string) => `room:${code}`;
const noSubscription = () => () => undefined;

function parsed(raw: string | null): JoinResult | null {
  if (!raw) return null;
  try {
    const member = joinResultSchema.safeParse(JSON.parse(raw));
    return member.success ? member.data : null;
  } catch {
    return null;
  }
}

export function JoinRoom({ code }: { code: string }) {
  // This tab's member, kept across a reload; the server's render has none.
  const raw = useSyncExternalStore(
    noSubscription,
    () => sessionStorage.getItem(stored(code)),
    () => null,
  );
  const member = useMemo(() => parsed(raw), [raw]);
  const [lease, setLease] = useState<MemberLease | null>(null);
  const [before, setBefore] = useState<Stage>({ stage: 'form' });
  const joined = (answer: JoinResult) => {
    // Counted down on this phone's clock from when the answer came, whatever the server's says.
    const fresh = { ...answer, at: Date.now() };
    sessionStorage.setItem(stored(code), JSON.stringify(fresh));
    setLease(fresh);
  };
  const ended = (next: Stage) => {
    sessionStorage.removeItem(stored(code));
    setLease(null);
    setBefore(next);
  };
  if (member)
    return <Member member={member} lease={lease ?? member} renewed={setLease} ended={ended} />;
  return <JoinForm code={code} joined={joined} before={before} />;
}

function JoinForm({
  code,
  joined,
  before,
}: {
  code: string;
  joined: (member: JoinResult) => void;
  before: Stage;
}) {
  const t = useTranslations('join');
  const words = useInWords();
  const [name, setName] = useState('');
  const [result, submit] = useActionState(
    async (_: ActionResult<JoinResult> | null, form: FormData) => {
      const answer = await joinRoomAction({ code, name: String(form.get('name') ?? '') });
      if (answer.ok) joined(answer.data);
      return answer;
    },
    null,
  );
  return (
    <form action={submit} className="join-form">
      {before.stage === 'left' && <p role="status">{t('left')}</p>}
      {before.stage === 'lost' && (
        <p className="error">{t('lost', { reason: words(before.problem) })}</p>
      )}
      <label htmlFor="member-name">{t('name')}</label>
      <input
        id="member-name"
        name="name"
        value={name}
        maxLength={60}
        autoComplete="nickname"
        onChange={(e) => setName(e.target.value)}
        required
      />
      <button type="button" onClick={() => setName(suggestMemberName(new Set(), Math.random))}>
        {t('suggest')}
      </button>
      <SubmitButton pendingText={t('joining')}>
        {before.stage === 'form' ? t('join') : t('again')}
      </SubmitButton>
      <p
        className={`status ${result?.ok === false ? 'error' : ''}`}
        aria-live="polite"
        role="status"
      >
        {result?.ok === false && words(result)}
      </p>
    </form>
  );
}

function Member({
  member,
  lease,
  renewed,
  ended,
}: {
  member: JoinResult;
  lease: MemberLease;
  renewed: (lease: MemberLease) => void;
  ended: (next: Stage) => void;
}) {
  const t = useTranslations('join');
  const now = useNow();
  const every = Math.max(1, Math.floor(lease.grantedTTL / 3));
  const { credential } = member;
  useEffect(() => {
    const loop = new HeartbeatLoop({
      everyMs: every * 1000,
      visible: () => document.visibilityState === 'visible',
      beat: async () => {
        const answer = await heartbeatAction(credential);
        if (answer.ok) renewed({ ...answer.data, at: Date.now() });
        else if (answer.code !== 'rate_limited' && answer.code !== 'etcd_unavailable')
          ended({ stage: 'lost', problem: answer });
        return answer.ok || answer.code === 'rate_limited' || answer.code === 'etcd_unavailable';
      },
    });
    const changed = () => loop.visibilityChanged();
    document.addEventListener('visibilitychange', changed);
    loop.start();
    return () => {
      document.removeEventListener('visibilitychange', changed);
      loop.stop();
    };
    // The loop runs once per member; renewed and ended only set state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [credential, every]);
  const leave = async () => {
    const answer = await leaveRoomAction(credential);
    ended(answer.ok ? { stage: 'left' } : { stage: 'lost', problem: answer });
  };
  const remaining = displaySeconds(lease.ttl, lease.at, now ?? lease.at);
  return (
    <section className="member-card" aria-label={t('you', { name: credential.name })}>
      <h2>{t('you', { name: credential.name })}</h2>
      <dl>
        <dt>{t('lease')}</dt>
        <dd>
          <code>{lease.lease}</code>
        </dd>
        <dt>{t('remaining')}</dt>
        <dd className="member-ttl" aria-live="off">
          {t('seconds', { ttl: remaining })}
        </dd>
      </dl>
      <p className="muted">{t('heartbeatHint', { every })}</p>
      <button type="button" onClick={() => void leave()}>
        {t('leave')}
      </button>
    </section>
  );
}
