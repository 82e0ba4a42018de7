'use client';

import { useTranslations } from 'next-intl';
import {
  ROUND_KINDS,
  SCHEDULES,
  renewEvery,
  type Handover,
  type LineEntry,
  type RoomMember,
  type RoomView,
  type RoundKind,
  type Schedule,
} from '@/lib/shared/room';

// The presenter's rounds in a room: which one runs, and what the big screen shows of it. The
// election's leader or the lock's holder large, the line behind it as etcd was last read, and each
// hand-over with how long nobody alive led; in the schedule round, the switch the phones follow.

export type RoundStep =
  | { op: 'round'; code: string; round: RoundKind }
  | { op: 'schedule'; code: string; schedule: Schedule };

type RoundProps = { room: RoomView; run: (step: RoundStep) => void; disabled: boolean };

/** One of a few choices, the current one pressed. */
function Choices<T extends string>({
  label,
  options,
  current,
  pick,
  disabled,
  name,
}: {
  label: string;
  options: readonly T[];
  current: T;
  pick: (option: T) => void;
  disabled: boolean;
  name: (option: T) => string;
}) {
  return (
    <div className="round-picker" role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={current === option}
          disabled={disabled}
          onClick={() => pick(option)}
        >
          {name(option)}
        </button>
      ))}
    </div>
  );
}

export function RoundPicker({ room, run, disabled }: RoundProps) {
  const t = useTranslations('room');
  return (
    <Choices
      label={t('rounds')}
      options={ROUND_KINDS}
      current={room.round.kind}
      pick={(round) => run({ op: 'round', code: room.code, round })}
      disabled={disabled}
      name={(kind) => t(`round.${kind}`)}
    />
  );
}

export function RoundBoard({ room, run, disabled }: RoundProps) {
  const t = useTranslations('room');
  const { kind } = room.round;
  return (
    <div className="round-board">
      <p className="muted">
        {t(`roundIntro.${kind}`, { name: room.lineName ?? '', every: renewEvery(room.ttl) })}
      </p>
      {kind === 'schedule' && (
        <Choices
          label={t('round.schedule')}
          options={SCHEDULES}
          current={room.round.schedule}
          pick={(schedule) => run({ op: 'schedule', code: room.code, schedule })}
          disabled={disabled}
          name={(schedule) => t(`schedules.${schedule}`)}
        />
      )}
      {(kind === 'election' || kind === 'lock') && <Line room={room} kind={kind} />}
    </div>
  );
}

function Line({ room, kind }: { room: RoomView; kind: 'election' | 'lock' }) {
  const t = useTranslations('room');
  const line = room.line ?? [];
  const [first, ...rest] = line;
  return (
    <>
      <p className="round-first" aria-live="polite">
        <span className="muted">{t(kind === 'election' ? 'leader' : 'holder')}</span>{' '}
        <strong data-testid="round-first">
          {first ? (
            <EntryName entry={first} />
          ) : (
            t(kind === 'election' ? 'nobodyLeads' : 'nobodyHolds')
          )}
        </strong>
      </p>
      {rest.length > 0 && (
        <ol className="round-line" start={2} aria-label={t('line')}>
          {rest.map((e, i) => (
            <li key={e.lease || `no-lease-${i}`}>
              <EntryName entry={e} />
            </li>
          ))}
        </ol>
      )}
      {room.lineMore && <p className="muted">{t('lineMore', { count: line.length })}</p>}
      {room.handovers.length > 0 && (
        <ul className="keys" aria-label={t('handovers')}>
          {room.handovers.map((h) => (
            <li key={`${h.at}-${h.from}`}>
              <HandoverText handover={h} kind={kind} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function EntryName({ entry }: { entry: LineEntry }) {
  const t = useTranslations('room');
  if (entry.member) return <>{entry.name}</>;
  return (
    <>
      {t('outside', {
        hasValue: entry.name ? 'yes' : 'no',
        value: entry.name,
        lease: entry.lease || '-',
      })}
    </>
  );
}

function HandoverText({ handover: h, kind }: { handover: Handover; kind: 'election' | 'lock' }) {
  const t = useTranslations('room');
  if (h.to === null) return <>{t('handoverEmpty', { from: h.from || '-' })}</>;
  return (
    <>
      {t('handover', {
        kind,
        from: h.from || '-',
        to: h.to || '-',
        known: h.leaderlessMs === null ? 'no' : 'yes',
        seconds: ((h.leaderlessMs ?? 0) / 1000).toFixed(1),
      })}
    </>
  );
}

/** In the schedule round: how the member fared under each schedule, from its real renewals. */
export function TileVerdicts({ member, ttl }: { member: RoomMember; ttl: number }) {
  const t = useTranslations('room');
  const measured = SCHEDULES.filter((s) => member.silences[s] !== null);
  if (measured.length === 0) return <span className="muted">{t('notMeasured')}</span>;
  const longest = Math.max(...measured.map((s) => member.silences[s] ?? 0));
  const every = renewEvery(ttl) * 1000;
  // Beats it missed at its worst: a silence of two periods is one beat missed. Each period is also
  // a round trip longer (the next beat is planned when the last is answered): hence the margin.
  const missed = Math.max(0, Math.floor(longest / every + 0.25) - 1);
  const atHalf = ((missed + 1) * ttl) / 2;
  return (
    <ul className="tile-verdicts">
      {measured.map((s) => {
        const silence = member.silences[s] ?? 0;
        const spare = ttl - silence / 1000;
        return (
          <li key={s}>
            {t('silence', {
              schedule: t(`schedules.${s}`),
              seconds: (silence / 1000).toFixed(1),
              spare: spare > 0 ? spare.toFixed(1) : 'none',
            })}
          </li>
        );
      })}
      <li>
        {t('atHalf', {
          missed,
          seconds: atHalf.toFixed(1),
          survives: atHalf < ttl ? 'yes' : 'no',
        })}
      </li>
    </ul>
  );
}
