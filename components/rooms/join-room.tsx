'use client';

import {
  useActionState,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  useTransition,
} from 'react';
import { useTranslations } from 'next-intl';
import { heartbeatAction, joinRoomAction, leaveRoomAction, lockAction } from '@/app/room-actions';
import { useClusterPath } from '@/components/cluster/cluster-base';
import { SubmitButton } from '@/components/ui/submit-button';
import { useInWords } from '@/components/ui/problem';
import type { ActionResult } from '@/lib/shared/action-result';
import type { Problem } from '@/lib/shared/contract';
import { displaySeconds } from '@/lib/shared/countdown';
import { HeartbeatLoop } from '@/lib/shared/heartbeat-loop';
import {
  MEMBER_HEADERS,
  joinResultSchema,
  memberRoleSchema,
  renewEvery,
  suggestMemberName,
  type JoinResult,
  type MemberCredential,
  type MemberLease,
  type MemberRole,
} from '@/lib/shared/room';

// The phone's page in a room: a name, then its lease as etcd last answered, renewed every TTL/3
// while the page is visible, and its role in the presenter's round. The credential lives in this
// tab's sessionStorage only: a closed tab takes it along, and its lease then runs out.

/**
 * Each heartbeat's answer tells the page its role. Near the front of a line, where a hand-over is
 * this member's news, it also asks every ROLE_POLL_MS (no etcd request on the server); further
 * back it waits for its heartbeats, so a full room does not ask the server hundreds of times a second.
 */
const ROLE_POLL_MS = 1000;
/**
 * Answers that end this member: its lease is gone, its room ended (or its secret is not the room's),
 * or the dashboard changes nothing now. Anything else (a busy or unreachable etcd, a limit, a new
 * leader) may pass, and the page tries again soon: giving up would lose the lease.
 */
const FINAL = new Set<string>([
  'lease_not_found',
  'lease_expired',
  'lease_revoked',
  'invalid_input',
  'permission_denied',
  'read_only',
]);
const NEAR_FRONT = 3;
const nearFront = (role: MemberRole | undefined) =>
  role !== undefined && 'place' in role && role.place !== null && role.place <= NEAR_FRONT;

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
  const now = useSecondClock();
  const every = renewEvery(lease.grantedTTL);
  const { credential } = member;
  const { role, setRole } = useRole(credential);
  // The switch to "miss one heartbeat" this page has already missed a beat for.
  const missedFor = useRef<number | null>(null);
  const latestRole = useRef(role);
  useEffect(() => {
    latestRole.current = role;
  }, [role]);
  useEffect(() => {
    const loop = new HeartbeatLoop({
      everyMs: every * 1000,
      visible: () => document.visibilityState === 'visible',
      beat: async () => {
        const current = latestRole.current;
        if (
          current?.kind === 'schedule' &&
          current.schedule === 'missOne' &&
          missedFor.current !== current.scheduleSince
        ) {
          missedFor.current = current.scheduleSince;
          return 'done';
        }
        const answer = await heartbeatAction(credential);
        if (answer.ok) {
          const { role: now, ...renewal } = answer.data;
          renewed({ ...renewal, at: Date.now() });
          setRole(now);
          return 'done';
        }
        if (!FINAL.has(answer.code)) return 'retry';
        ended({ stage: 'lost', problem: answer });
        return 'stop';
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
      {role && <Role role={role} every={every} credential={credential} changed={setRole} />}
      <p className="muted">{t('heartbeatHint', { every })}</p>
      <button type="button" onClick={() => void leave()}>
        {t('leave')}
      </button>
    </section>
  );
}

/**
 * The phone's clock, once a second: its countdown shows whole seconds, and a phone that drew five
 * times a second would spend its battery (and a room of them, a laptop's CPU) for nothing.
 */
function useSecondClock(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The member's role in the round: from each heartbeat, and asked between them near the front. */
function useRole(credential: MemberCredential) {
  const [role, setRole] = useState<MemberRole | null>(null);
  // A string, so the interval below is not restarted by each render (the countdown renders often).
  const url = useClusterPath()(`/api/rooms/${credential.code}/role`);
  const near = nearFront(role ?? undefined);
  useEffect(() => {
    if (!near) return;
    let asking = false;
    const timer = setInterval(() => {
      if (asking || document.visibilityState !== 'visible') return;
      asking = true;
      // A refused or failed question keeps the role last known: the heartbeat says if the lease is gone.
      void askRole(url, credential)
        .then((answer) => answer && setRole(answer))
        .finally(() => (asking = false));
    }, ROLE_POLL_MS);
    return () => clearInterval(timer);
  }, [near, credential, url]);
  return { role, setRole: (next: MemberRole | null) => next && setRole(next) };
}

async function askRole(url: string, member: MemberCredential): Promise<MemberRole | null> {
  try {
    const res = await fetch(url, {
      cache: 'no-store',
      headers: {
        [MEMBER_HEADERS.lease]: member.lease,
        [MEMBER_HEADERS.name]: encodeURIComponent(member.name),
        [MEMBER_HEADERS.secret]: member.secret,
      },
    });
    if (!res.ok) return null;
    const role = memberRoleSchema.safeParse(await res.json());
    return role.success ? role.data : null;
  } catch {
    return null;
  }
}

function Role({
  role,
  every,
  credential,
  changed,
}: {
  role: MemberRole;
  every: number;
  credential: MemberCredential;
  changed: (role: MemberRole) => void;
}) {
  const t = useTranslations('join');
  const words = useInWords();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const step = (op: 'release' | 'queue') =>
    startTransition(async () => {
      const answer = await lockAction({ member: credential, op });
      setProblem(answer.ok ? null : words(answer));
      if (answer.ok) changed(answer.data);
    });
  return (
    <div className="member-role-box" aria-live="polite">
      <p className="member-role" data-testid="member-role">
        {roleText(role, every, t)}
      </p>
      {role.kind === 'lock' && (
        <button
          type="button"
          disabled={pending}
          onClick={() => step(role.inLine ? 'release' : 'queue')}
        >
          {role.inLine ? (role.place === 1 ? t('release') : t('leaveQueue')) : t('queue')}
        </button>
      )}
      {problem && <p className="error">{problem}</p>}
    </div>
  );
}

function roleText(
  role: MemberRole,
  every: number,
  t: ReturnType<typeof useTranslations<'join'>>,
): string {
  switch (role.kind) {
    case 'lease':
      return t('role.lease');
    case 'schedule':
      return t(role.schedule === 'third' ? 'role.third' : 'role.missOne', { every });
    case 'election':
      if (role.place === 1) return t('role.leader');
      if (role.place !== null)
        return t('role.candidate', { place: role.place, leader: role.leader ?? '' });
      return t(role.inLine ? 'role.candidateFar' : 'role.notCampaigning');
    case 'lock':
      if (role.place === 1) return t('role.holder');
      if (role.place !== null)
        return t('role.waiting', { place: role.place, holder: role.holder ?? '' });
      return t(role.inLine ? 'role.waitingFar' : 'role.notQueued');
  }
}
