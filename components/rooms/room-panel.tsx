'use client';

import { useState, useSyncExternalStore, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { roomAction } from '@/app/scenario-actions';
import { useChanges } from '@/components/access/access-context';
import { useClusterPath } from '@/components/cluster/cluster-base';
import { CountdownBar } from '@/components/leases/countdown-bar';
import { useNow } from '@/components/leases/use-leases';
import { JoinQr } from '@/components/rooms/join-qr';
import { useRooms } from '@/components/rooms/use-rooms';
import {
  RoundBoard,
  RoundPicker,
  TileVerdicts,
  type RoundStep,
} from '@/components/rooms/room-round';
import { useInWords } from '@/components/ui/problem';
import { displaySeconds, remainingNow } from '@/lib/shared/countdown';
import type { RoomMember, RoomView } from '@/lib/shared/room';

// The presenter's audience room on /scenarios: open or end it, the join address and its QR code,
// and a tile per member counting down from etcd's last reading of its lease.

const noSubscription = () => () => undefined;

export function RoomPanel() {
  const t = useTranslations('room');
  const words = useInWords();
  const changes = useChanges();
  const { data, mutate } = useRooms();
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<string | null>(null);
  const run = (input: { op: 'start' } | { op: 'end'; code: string } | RoundStep) =>
    startTransition(async () => {
      const result = await roomAction(input);
      setStatus(
        !result.ok
          ? words(result)
          : result.data.revoked === null
            ? null
            : t('ended', { code: result.data.code, count: result.data.revoked }),
      );
      await mutate();
    });
  const rooms = data?.rooms ?? [];
  return (
    <section className="panel scenario" aria-labelledby="room-heading">
      <h2 id="room-heading">{t('heading')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className="stage-actions">
        <button
          type="button"
          disabled={pending || !changes.allowed}
          title={changes.why ?? undefined}
          onClick={() => run({ op: 'start' })}
        >
          {t('start')}
        </button>
      </div>
      <p className="status" role="status">
        {status}
      </p>
      {data && rooms.length === 0 && <p className="muted">{t('noRoom')}</p>}
      {rooms.map((room) => (
        <Room
          key={room.code}
          room={room}
          clockOffset={data?.clockOffset ?? 0}
          run={run}
          pending={pending}
        />
      ))}
    </section>
  );
}

function Room({
  room,
  clockOffset,
  run,
  pending,
}: {
  room: RoomView;
  clockOffset: number;
  run: (step: { op: 'end'; code: string } | RoundStep) => void;
  pending: boolean;
}) {
  const t = useTranslations('room');
  const path = useClusterPath();
  const changes = useChanges();
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => '',
  );
  const address = `${origin}${path(room.joinPath)}`;
  return (
    <div className="room" role="group" aria-label={`${t('code')} ${room.code}`}>
      <div className="room-join">
        {origin && <JoinQr address={address} label={t('qrLabel', { address })} />}
        <div>
          <p className="room-code">{room.code}</p>
          <p>{t('joinAt', { address })}</p>
          <button
            type="button"
            className="danger"
            disabled={pending || !changes.allowed}
            onClick={() => run({ op: 'end', code: room.code })}
          >
            {t('end')}
          </button>
        </div>
      </div>
      <RoundPicker room={room} run={run} disabled={pending || !changes.allowed} />
      <RoundBoard room={room} run={run} disabled={pending || !changes.allowed} />
      <h3>{t('members', { count: room.members.length })}</h3>
      <ul className="room-tiles">
        {room.members.map((m) => (
          <MemberTile
            key={m.key}
            member={m}
            clockOffset={clockOffset}
            ttl={room.round.kind === 'schedule' ? room.ttl : null}
          />
        ))}
      </ul>
      {room.gone.length > 0 && (
        <ul className="keys" aria-label={t('departures')}>
          {room.gone.map((g) => (
            <li key={g.lease}>
              {t(g.how === 'expired' ? 'goneExpired' : 'goneRevoked', {
                name: g.name,
                key: `${room.membersPrefix}${g.name}`,
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** `ttl`: the room's, in the schedule round, where each tile judges its member's renewals. */
function MemberTile({
  member,
  clockOffset,
  ttl,
}: {
  member: RoomMember;
  clockOffset: number;
  ttl: number | null;
}) {
  const t = useTranslations('join');
  const now = useNow();
  const at = now === null ? member.readAt : now + clockOffset;
  const seconds = displaySeconds(member.ttl, member.readAt, at);
  return (
    <li className="room-tile" aria-label={member.name}>
      <strong>{member.name}</strong>
      <code>{member.lease}</code>
      <span className="room-ttl">{t('seconds', { ttl: seconds })}</span>
      <CountdownBar
        leaseId={member.lease}
        remaining={remainingNow(member.ttl, member.readAt, at)}
        seconds={seconds}
        grantedTTL={member.grantedTTL}
      />
      {ttl !== null && <TileVerdicts member={member} ttl={ttl} />}
    </li>
  );
}
