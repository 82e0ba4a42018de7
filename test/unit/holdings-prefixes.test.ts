import { describe, expect, it } from 'vitest';
import { prefixesOf } from '@/lib/api/holdings';

describe('prefixesOf', () => {
  it('takes a key one and two path segments deep', () => {
    expect(prefixesOf('/registry/events/default/pod-a')).toEqual([
      '/registry/',
      '/registry/events/',
    ]);
    expect(prefixesOf('/service/self')).toEqual(['/service/']);
    expect(prefixesOf('election/scheduler/123')).toEqual(['election/', 'election/scheduler/']);
    expect(prefixesOf('plain')).toEqual([]);
  });
});
