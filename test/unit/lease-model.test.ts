import { describe, expect, it } from 'vitest';
import { LeaseModel } from '@/lib/sampler/lease-model';
import type { TtlPoint } from '@/lib/shared/contract-history';

/** Reads a lease whose deadline is `deadline` (epoch ms) at each time in `times`, as etcd floors it. */
function readAll(model: LeaseModel, granted: number, deadline: number, times: number[]) {
  for (const t of times) model.read(t, granted, Math.floor((deadline - t) / 1000));
}

/** Every straight piece of the line falls one second a second (or is a jump: two points at one t). */
function slopes(points: TtlPoint[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (b.t > a.t) out.push((b.ttl - a.ttl) / ((b.t - a.t) / 1000));
  }
  return out;
}

/** Read times a second apart with the phase moving, as a sampler's reads land: [0, 1370, 2740, …]. */
const everySecond = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => from + i * 1000 + ((i * 370) % 1000));

const jumps = (points: TtlPoint[]) =>
  points.filter((p, i) => i > 0 && p.t === points[i - 1]!.t && p.ttl > points[i - 1]!.ttl);

describe('the lease model', () => {
  it('falls at one second a second between readings, whatever the read times', () => {
    const m = new LeaseModel();
    readAll(m, 10, 10_000, [0, 1300, 2100, 3900, 5000]);
    const points = m.points(6000);
    expect(points[0]!.t).toBe(0);
    expect(points.at(-1)!.t).toBe(6000);
    for (const s of slopes(points)) expect(s).toBeCloseTo(-1, 2);
    // The readings narrow the deadline to within a quarter second of the truth.
    expect(Math.abs(m.deadline()! - 10_000)).toBeLessThanOrEqual(250);
  });

  it("draws the dashboard's own renewal as an exact vertical jump to the granted TTL", () => {
    const m = new LeaseModel();
    readAll(m, 10, 10_000, everySecond(0, 5));
    m.renewed(5200, 5210, 10);
    readAll(m, 10, 15_205, [6000, 7000]);
    const points = m.points(7500);
    const [jump] = jumps(points);
    expect(jump).toMatchObject({ t: 5205, mark: 'renewed' });
    expect(jump!.estimated).toBeUndefined();
    expect(jump!.ttl).toBeCloseTo(10, 0);
    const before = points[points.indexOf(jump!) - 1]!;
    expect(before.t).toBe(5205);
    // Before it, the old deadline as the readings bound it: 4.8 s left, within a few tenths.
    expect(Math.abs(before.ttl - 4.795)).toBeLessThanOrEqual(0.3);
    for (const s of slopes(points)) expect(s).toBeCloseTo(-1, 2);
  });

  it("estimates another client's renewal from the reading: T - R seconds before it", () => {
    // The tutorial: a 10 s lease read at 5 s says 4; renewed at 5.5 s; read at 6.5 s it says 9.
    const m = new LeaseModel();
    readAll(m, 10, 10_000, [0, 1000, 2000, 3000, 4000, 5000]);
    expect(m.read(6500, 10, 9)).toBe('renewed');
    const [jump] = jumps(m.points(7000));
    expect(jump).toMatchObject({ mark: 'renewed-elsewhere', estimated: true });
    // Never before the last reading that saw the old deadline, never after the one that saw the new.
    expect(jump!.t).toBeGreaterThanOrEqual(5000);
    expect(jump!.t).toBeLessThanOrEqual(6500);
    expect(Math.abs(jump!.t - 5500)).toBeLessThanOrEqual(1000);
  });

  it('does not take floor rounding for a renewal', () => {
    const m = new LeaseModel();
    // 4.9 s left reads 4; 0.2 s later 4.7 s left still reads 4; a second later 3.
    expect(m.read(0, 10, 4)).toBe('first');
    expect(m.read(200, 10, 4)).toBe('steady');
    expect(m.read(1000, 10, 3)).toBe('steady');
    expect(jumps(m.points(1500))).toEqual([]);
  });

  it('does not take a late answer for a renewal: its bound runs from when it came back', () => {
    // A busy server: the request left at 8 s, etcd read the lease at 9.95 s (0.05 s left: TTL 0)
    // and the answer came back at 9.96 s. The next reading, 10 ms later, still says TTL 0.
    const m = new LeaseModel();
    readAll(m, 10, 10_000, [0, 1370, 2740]);
    expect(m.read(8000, 10, 0, 0, 9960)).toBe('steady');
    expect(m.read(9970, 10, 0, 0, 9975)).toBe('steady');
    expect(jumps(m.points(9990))).toEqual([]);
  });

  it('does not take TTL 0 after the deadline (expired, not yet revoked) for a renewal', () => {
    // A 2 s lease: etcd says 1, then 0 near the end, and 0 again 300 ms after its deadline
    // (truncated toward zero) until it revokes the lease.
    const m = new LeaseModel();
    m.read(0, 2, 1, 0, 5);
    m.read(1200, 2, 0, 0, 1205);
    expect(m.read(2300, 2, 0, 0, 2305)).toBe('steady');
    expect(m.read(2550, 2, 0, 0, 2555)).toBe('steady');
    expect(jumps(m.points(2600))).toEqual([]);
  });

  it('marks a rise after etcd changed leader as a refresh, not a renewal', () => {
    const m = new LeaseModel();
    m.read(0, 30, 20, 2);
    expect(m.read(3000, 30, 30, 3)).toBe('refreshed');
    expect(jumps(m.points(4000))[0]).toMatchObject({ mark: 'refreshed', estimated: true });
  });

  it('marks a small rise at a leader change as kept by a checkpoint, not a refresh to the full TTL', () => {
    const m = new LeaseModel();
    m.read(0, 330, 30, 2);
    m.read(1000, 330, 29, 2);
    // etcd restored the remaining TTL its checkpoint saved, plus the election timeout.
    expect(m.read(2000, 330, 30, 3)).toBe('restored');
    expect(jumps(m.points(3000))[0]).toMatchObject({ mark: 'restored', estimated: true });
    // The whole TTL from the change on is a refresh, however late it is read.
    const late = new LeaseModel();
    late.read(0, 330, 30, 2);
    expect(late.read(20_000, 330, 320, 3)).toBe('refreshed');
  });

  it('replaces an estimated renewal by the exact one when its answer comes after a reading', () => {
    const m = new LeaseModel();
    readAll(m, 10, 10_000, [0, 1000, 2000]);
    m.read(2600, 10, 9); // sent after the renewal reached etcd, answered before the renewal did
    m.renewed(2400, 2700, 10);
    const marks = m.points(3000).filter((p) => p.mark);
    // Between sending and the answer; the estimate from the reading is gone.
    expect(marks).toEqual([expect.objectContaining({ mark: 'renewed', t: 2550, ttl: 10 })]);
  });

  it('falls to zero at the deadline when the lease expires, and stops there', () => {
    const m = new LeaseModel();
    readAll(m, 5, 5000, everySecond(0, 4));
    m.gone(5600, 'expired');
    const points = m.points(9000);
    const end = points.at(-1)!;
    expect(end).toMatchObject({ ttl: 0, mark: 'expired' });
    expect(Math.abs(end.t - 5000)).toBeLessThanOrEqual(250);
    for (const s of slopes(points)) expect(s).toBeCloseTo(-1, 2);
  });

  it('drops straight to zero when the lease is revoked', () => {
    const m = new LeaseModel();
    readAll(m, 60, 60_000, [0, 1000]);
    m.gone(2000, 'revoked');
    const points = m.points(9000);
    expect(points.slice(-2).map((p) => p.t)).toEqual([2000, 2000]);
    expect(points.at(-1)).toMatchObject({ ttl: 0, mark: 'revoked' });
    expect(points.at(-2)!.ttl).toBeGreaterThan(57);
  });

  it('keeps a lease kept alive every TTL/3 as a sawtooth: a jump per renewal', () => {
    const m = new LeaseModel();
    let deadline = 6000;
    m.read(0, 6, 5);
    for (let r = 2000; r <= 10_000; r += 2000) {
      readAll(m, 6, deadline, [r - 1000, r - 10]);
      m.renewed(r, r + 5, 6);
      deadline = r + 6002;
    }
    const points = m.points(11_000);
    expect(jumps(points)).toHaveLength(5);
    for (const s of slopes(points)) expect(s).toBeCloseTo(-1, 2);
  });

  it('is bounded: the oldest deadlines go past the capacity or the window', () => {
    const m = new LeaseModel(4, 60_000);
    m.read(0, 10, 9);
    for (let i = 1; i <= 10; i++) m.renewed(i * 1000, i * 1000, 10);
    expect(m.size).toBe(4);
    const quiet = new LeaseModel(100, 10_000);
    quiet.read(0, 10, 9);
    for (let i = 1; i <= 30; i++) quiet.renewed(i * 1000, i * 1000, 10);
    // The window keeps the deadline in force when it opens (20 s before the last), and what follows.
    expect(quiet.points(31_000)[0]!.t).toBe(19_000);
  });

  it('ignores a reading sent before a renewal it already knows', () => {
    const m = new LeaseModel();
    readAll(m, 10, 10_000, [0, 1000]);
    m.renewed(2000, 2001, 10);
    expect(m.read(1900, 10, 8)).toBe('stale');
  });
});
