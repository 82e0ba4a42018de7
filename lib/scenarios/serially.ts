import { currentDashboard, slot } from '@/lib/dashboard/registry';

// Runs a scenario's steps one at a time, in the order they were asked for: a step that changes etcd
// and the scenario's state together must not interleave with another (two registers picking one
// name, a reset racing a register). A failed step does not stop the ones queued after it.

const QUEUES = slot('scenarios.queues', () => new Map<string, Promise<unknown>>());

export function serially<T>(queue: string, step: () => Promise<T>): Promise<T> {
  const queues = currentDashboard().get(QUEUES);
  const previous = queues.get(queue) ?? Promise.resolve();
  const next = previous.then(step, step);
  const settled = next.catch(() => undefined);
  queues.set(queue, settled);
  void settled.then(() => {
    if (queues.get(queue) === settled) queues.delete(queue);
  });
  return next;
}
