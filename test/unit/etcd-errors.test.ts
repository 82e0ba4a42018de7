import { describe, expect, it } from 'vitest';
import { toDashboardError } from '@/lib/etcd/errors';

describe('toDashboardError', () => {
  it('calls an open circuit breaker etcd not answering, with or without its marker', () => {
    const endpoints = ['http://127.0.0.1:2379'];
    // As etcd3 hands it on: cockatiel's words, without the isBrokenCircuitError marker.
    const words = new Error('Execution prevented because the circuit breaker is open');
    const marked = Object.assign(new Error('open'), { isBrokenCircuitError: true });
    for (const err of [words, marked]) {
      const mapped = toDashboardError(err, { endpoints });
      expect(mapped.code).toBe('etcd_unavailable');
      expect(mapped.message).toContain('etcd is not answering at http://127.0.0.1:2379');
    }
  });

  it("calls gRPC's own UNAVAILABLE and DEADLINE_EXCEEDED etcd not answering, not a refusal", () => {
    // As the keep-alive stream hands them on: gRPC's Error with its status code, not cast by etcd3.
    const endpoints = ['http://127.0.0.1:2379'];
    const status = (code: number, message: string) => Object.assign(new Error(message), { code });
    const cases = [
      [
        status(14, '14 UNAVAILABLE: No connection established. Last error: x'),
        'no connection could be made',
      ],
      [status(14, '14 UNAVAILABLE: Connection dropped'), 'Connection dropped'],
      [status(4, '4 DEADLINE_EXCEEDED: Deadline exceeded'), 'timed out'],
    ] as const;
    for (const [err, reason] of cases) {
      const mapped = toDashboardError(err, { endpoints });
      expect(mapped.code).toBe('etcd_unavailable');
      expect(mapped.message).toBe(`etcd is not answering at http://127.0.0.1:2379 (${reason})`);
    }
    // etcd's own refusal, with another status code, stays one.
    const refused = toDashboardError(status(9, '9 FAILED_PRECONDITION: etcdserver: x'), {
      endpoints,
    });
    expect(refused.code).toBe('etcd_request_failed');
  });
});
