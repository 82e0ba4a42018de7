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
});
