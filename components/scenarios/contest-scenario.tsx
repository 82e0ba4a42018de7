'use client';

import { useTranslations } from 'next-intl';
import { electionAction, lockAction } from '@/app/scenario-actions';
import { LeaseMini } from '@/components/scenarios/lease-mini';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';
import { CopyButton } from '@/components/ui/copy-button';
import { shellQuote } from '@/lib/shared/etcdctl';
import { inWords } from '@/lib/shared/i18n';
import type { ContestEntry, ContestState } from '@/lib/shared/contract-actions';

// The commands stay as etcdctl takes them; the words around them are in the catalogs
// ("contest.lock", "contest.election").
const COMMANDS = {
  lock: {
    join: (s: ContestState) => `etcdctl lock --ttl ${s.ttl} ${shellQuote(s.name)}`,
    watch: null,
  },
  election: {
    join: (s: ContestState) => `etcdctl elect ${shellQuote(s.name)} dave`,
    watch: (s: ContestState) => `etcdctl elect -l ${shellQuote(s.name)}`,
  },
} as const;

/** The lock or the election scenario: the line as etcd has it, the steps, and a timeline. */
export function Contest({ data, kind }: Props & { kind: 'lock' | 'election' }) {
  const t = useTranslations('contest');
  const text = useTranslations(`contest.${kind}`);
  const tr = useTranslations();
  const state = data[kind];
  const commands = COMMANDS[kind];
  const act = (op: 'start' | 'join' | 'crash' | 'reset', member?: string) => () =>
    (kind === 'lock' ? lockAction : electionAction)({ op, ...(member ? { member } : {}) });
  const line = state.line ?? [];
  const holder = line[0];
  const holderIsOurs =
    holder && state.members.some((m) => m.leaseId === holder.lease && !m.crashed);
  // Who a contender is: the scenario's own name for it, or who else it is, in the viewer's words.
  const who = (e: ContestEntry) =>
    state.members.find((m) => m.leaseId === e.lease)?.name ??
    (e.lease ? t('otherClient', { id: e.lease }) : t('noLease'));
  const headingId = `${kind}-heading`;
  const heading = text('heading');
  return (
    <section className="panel scenario" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p className="muted">{text('intro', { ttl: state.ttl })}</p>
      <div className="stage-actions">
        <StepButton action={act('start')}>{text('start')}</StepButton>
        <StepButton action={act('join')}>{text('join')}</StepButton>
        <StepButton action={act('crash')} unavailable={!holderIsOurs} className="danger">
          {text('crash')}
        </StepButton>
        <StepButton action={act('reset')}>{t('reset')}</StepButton>
      </div>
      <p className="command-line">
        {text('joinLabel')} <code>{commands.join(state)}</code>{' '}
        <CopyButton
          text={commands.join(state)}
          label={t('copy', { command: commands.join(state) })}
        />
        {commands.watch && (
          <>
            {' '}
            {t('observe')} <code>{commands.watch(state)}</code>{' '}
            <CopyButton
              text={commands.watch(state)}
              label={t('copy', { command: commands.watch(state) })}
            />
          </>
        )}
      </p>
      <div className="grid">
        <div>
          <h3>{t.rich('inLine', { name: state.name, code: (c) => <code>{c}</code> })}</h3>
          <ol className="keys" aria-label={text('lineLabel')}>
            {line.length === 0 && <li className="muted">{t('noOne')}</li>}
            {line.map((e, i) => {
              const member = state.members.find((m) => m.leaseId === e.lease);
              return (
                <li key={e.lease} aria-label={who(e)}>
                  {t.rich('entry', {
                    who: who(e),
                    election: kind === 'election' ? 'yes' : 'no',
                    proposal: e.value,
                    role: i === 0 ? text('first') : text('rest'),
                    strong: (c) => <strong>{c}</strong>,
                  })}{' '}
                  {member?.crashed && <span className="badge badge-expired">{t('crashed')}</span>}{' '}
                  {member && !member.crashed && (
                    <StepButton action={act('crash', member.name)} className="danger">
                      {t('crashMember', { name: member.name })}
                    </StepButton>
                  )}
                  {member && <LeaseMini id={member.leaseId} />}
                </li>
              );
            })}
          </ol>
        </div>
        <div>
          <h3>{t('timelineHeading')}</h3>
          <ol className="timeline" aria-label={t('timelineLabel', { heading })}>
            {state.timeline.map((entry, i) => (
              <li key={`${entry.at}-${i}`}>
                <time dateTime={new Date(entry.at).toISOString()}>
                  {new Date(entry.at).toLocaleTimeString('en-GB')}
                </time>{' '}
                {inWords(tr, entry)}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
