// The keep-alive manager's events and stop reasons, as catalog messages ("event.*" and
// "keepAlive.reasons.*" in messages/*.json): every viewer reads them in their own language, and the
// English words (the event's `text`, the lease's `stopReason`) come from the English catalog.
import type { EventLog } from '@/lib/events/event-log';
import type { KeepAliveSchedule, Message } from '@/lib/shared/contract';
import { errorValue } from '@/lib/shared/errors';
import { message } from '@/lib/shared/i18n';
import { renewalDelayMs } from '@/lib/shared/keep-alive-schedule';

type EventInput = Parameters<EventLog['add']>[0];

/** Why keep-alive stopped, in the words of keepAlive.reasons. */
export const reasons = {
  switchedOff: (): Message => message('keepAlive.reasons.switchedOff'),
  scenarioReset: (): Message => message('keepAlive.reasons.scenarioReset'),
  contenderCrashed: (): Message => message('keepAlive.reasons.contenderCrashed'),
  serviceCrashed: (): Message => message('keepAlive.reasons.serviceCrashed'),
  /** the rules changed under it (another client put a key outside the prefix on the lease) */
  mayNotRenew: (err: unknown): Message =>
    message('keepAlive.reasons.mayNotRenew', { error: errorValue(err) }),
};

const scheduleOf = (schedule: KeepAliveSchedule): Message => message(`schedules.${schedule}`);

export function scheduleChanged(id: string, schedule: KeepAliveSchedule): EventInput {
  return {
    kind: 'keep-alive-started',
    lease: id,
    message: message('event.keepAliveRescheduled', { id, schedule: scheduleOf(schedule) }),
  };
}

export function notResumed(id: string, err: unknown): EventInput {
  return {
    kind: 'keep-alive-stopped',
    lease: id,
    message: message('event.keepAliveNotResumed', { id, error: errorValue(err) }),
  };
}

/** Switched on (or resumed from its note in etcd, on since `resumedSince`). */
export function switchedOn(
  id: string,
  ttl: number,
  schedule: KeepAliveSchedule,
  resumedSince?: number,
): EventInput {
  const how = message('event.keepAliveHow', {
    ttl,
    schedule: scheduleOf(schedule),
    every: (renewalDelayMs(schedule, ttl) / 1000).toFixed(1),
  });
  return {
    kind: 'keep-alive-started',
    lease: id,
    message:
      resumedSince === undefined
        ? message('event.keepAliveOn', { id, how })
        : message('event.keepAliveResumed', {
            id,
            since: new Date(resumedSince).toISOString(),
            how,
          }),
  };
}

export function stopped(id: string, reason: Message, renewals: number): EventInput {
  return {
    kind: 'keep-alive-stopped',
    lease: id,
    message: message('event.keepAliveStopped', { id, reason, renewals }),
  };
}

export function noteNotRemoved(id: string, err: unknown): EventInput {
  return {
    kind: 'keep-alive-stopped',
    lease: id,
    message: message('event.keepAliveNoteKept', { id, error: errorValue(err) }),
  };
}

export function keptAlive(
  id: string,
  ttl: number,
  renewal: number,
  schedule: KeepAliveSchedule,
): EventInput {
  return {
    kind: 'lease-kept-alive',
    lease: id,
    message: message('event.keptAlive', { id, ttl, renewal, schedule: scheduleOf(schedule) }),
  };
}
