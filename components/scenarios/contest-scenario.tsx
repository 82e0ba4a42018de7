'use client';

import { electionAction, lockAction } from '@/app/scenario-actions';
import { LeaseMini } from '@/components/scenarios/lease-mini';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';
import { CopyButton } from '@/components/ui/copy-button';
import { shellQuote } from '@/lib/shared/etcdctl';
import type { ContestState } from '@/lib/shared/contract-actions';

const TEXT = {
  lock: {
    heading: 'A lock',
    intro: (s: ContestState) =>
      `Three workers want to run one database migration. Each takes a ${s.ttl} s session (a lease kept alive every TTL/3) and puts one key under the lock's name; the key with the lowest create revision holds the lock, the others wait in that order. Crash the holder: its keep-alive stops, nothing is revoked, and when its lease runs out etcd deletes its key and the next worker takes the lock.`,
    start: 'Start: three workers contend',
    join: 'Add a worker',
    crash: 'Crash the holder',
    first: 'holds the lock, working',
    rest: 'waits',
    joinCommand: (s: ContestState) => `etcdctl lock --ttl ${s.ttl} ${shellQuote(s.name)}`,
    joinLabel: 'Join the line from a shell (clientv3’s own Mutex):',
    watchCommand: null,
  },
  election: {
    heading: 'A leader election',
    intro: (s: ContestState) =>
      `Three schedulers campaign to lead. Each puts its proposal under the election's name on a ${s.ttl} s session kept alive every TTL/3; the lowest create revision leads. Crash the leader: when its lease runs out, the next candidate is elected, and an observer (like etcdctl elect -l) sees the change.`,
    start: 'Start: three candidates campaign',
    join: 'Add a candidate',
    crash: 'Crash the leader',
    first: 'leads',
    rest: 'candidate',
    joinCommand: (s: ContestState) => `etcdctl elect ${shellQuote(s.name)} dave`,
    joinLabel: 'Campaign from a shell (clientv3’s own Election; its session is 60 s):',
    watchCommand: (s: ContestState) => `etcdctl elect -l ${shellQuote(s.name)}`,
  },
} as const;

/** The lock or the election scenario: the line as etcd has it, the steps, and a timeline. */
export function Contest({ data, kind }: Props & { kind: 'lock' | 'election' }) {
  const state = data[kind];
  const text = TEXT[kind];
  const act = (op: 'start' | 'join' | 'crash' | 'reset', member?: string) => () =>
    (kind === 'lock' ? lockAction : electionAction)({ op, ...(member ? { member } : {}) });
  const line = state.line ?? [];
  const holder = line[0];
  const holderIsOurs =
    holder && state.members.some((m) => m.leaseId === holder.lease && !m.crashed);
  const headingId = `${kind}-heading`;
  return (
    <section className="panel scenario" aria-labelledby={headingId}>
      <h2 id={headingId}>{text.heading}</h2>
      <p className="muted">{text.intro(state)}</p>
      <div className="stage-actions">
        <StepButton action={act('start')}>{text.start}</StepButton>
        <StepButton action={act('join')}>{text.join}</StepButton>
        <StepButton action={act('crash')} unavailable={!holderIsOurs} className="danger">
          {text.crash}
        </StepButton>
        <StepButton action={act('reset')}>Reset</StepButton>
      </div>
      <p className="command-line">
        {text.joinLabel} <code>{text.joinCommand(state)}</code>{' '}
        <CopyButton text={text.joinCommand(state)} label={`Copy: ${text.joinCommand(state)}`} />
        {text.watchCommand && (
          <>
            {' '}
            Observe: <code>{text.watchCommand(state)}</code>{' '}
            <CopyButton
              text={text.watchCommand(state)}
              label={`Copy: ${text.watchCommand(state)}`}
            />
          </>
        )}
      </p>
      <div className="grid">
        <div>
          <h3>
            In line under <code>{state.name}/</code>
          </h3>
          <ol className="keys" aria-label={kind === 'lock' ? 'Lock line' : 'Candidates'}>
            {line.length === 0 && <li className="muted">no one</li>}
            {line.map((e, i) => {
              const member = state.members.find((m) => m.leaseId === e.lease);
              return (
                <li key={e.lease} aria-label={e.who}>
                  <strong>{e.who}</strong>
                  {kind === 'election' && <> ({e.value})</>}: {i === 0 ? text.first : text.rest}{' '}
                  {member?.crashed && <span className="badge badge-expired">crashed</span>}{' '}
                  {member && !member.crashed && (
                    <StepButton action={act('crash', member.name)} className="danger">
                      Crash {member.name}
                    </StepButton>
                  )}
                  {member && <LeaseMini id={member.leaseId} />}
                </li>
              );
            })}
          </ol>
        </div>
        <div>
          <h3>Timeline</h3>
          <ol className="timeline" aria-label={`${text.heading} timeline`}>
            {state.timeline.map((t, i) => (
              <li key={`${t.at}-${i}`}>
                <time dateTime={new Date(t.at).toISOString()}>
                  {new Date(t.at).toLocaleTimeString('en-GB')}
                </time>{' '}
                {t.text}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
