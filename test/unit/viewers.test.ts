import { describe, expect, it } from 'vitest';
import {
  FOCUS_PER_CLIENT,
  MAX_FOCUSED,
  MAX_MARKS,
  MAX_ON_SCREEN,
  ON_SCREEN_MS,
  SCREEN_PER_CLIENT,
  Viewers,
} from '@/lib/sampler/viewers';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@/lib/shared/lease-query';

// What viewers mark as on screen and in focus is bounded per client and in total, so a client
// paging through every lease, or opening every lease's detail, costs etcd one viewer's reads.

const NOW = 1_700_000_000_000;
const SHARED = 'every client';
const ids = (from: number, n: number, tag = 'l') =>
  Array.from({ length: n }, (_, i) => `${tag}${from + i}`);

describe('viewers', () => {
  it('keeps what a client shows on screen for ON_SCREEN_MS after it asked', () => {
    const viewers = new Viewers();
    viewers.mark('a', ['x', 'y'], NOW);
    expect(viewers.onScreen(NOW + ON_SCREEN_MS - 1).sort()).toEqual(['x', 'y']);
    expect(viewers.onScreen(NOW + ON_SCREEN_MS)).toEqual([]);
    expect(viewers.clientCount).toBe(0);
    // An empty page keeps no client.
    viewers.mark('b', [], NOW);
    expect(viewers.clientCount).toBe(0);
  });

  it('keeps one page of the largest size per client: paging through every lease replaces, never adds', () => {
    expect(SCREEN_PER_CLIENT).toBe(MAX_PAGE_SIZE);
    const viewers = new Viewers();
    // Four pages of 500, four times a second: the attack, at 2,000 leases.
    for (let t = 0; t < 2000; t += 250) viewers.mark('a', ids(((t / 250) % 4) * 500, 500), NOW + t);
    const shown = viewers.onScreen(NOW + 2000);
    expect(shown).toHaveLength(SCREEN_PER_CLIENT);
    // The newest page (the last of the four) is the one kept.
    expect(new Set(shown)).toEqual(new Set(ids(1500, 500)));
  });

  it('pages of the default size: the client keeps its newest marks, one largest page at most', () => {
    const viewers = new Viewers();
    for (let p = 0; p < 40; p++)
      viewers.mark('a', ids(p * DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE), NOW);
    const shown = new Set(viewers.onScreen(NOW));
    expect(shown.size).toBe(SCREEN_PER_CLIENT);
    expect(shown.has(`l${40 * DEFAULT_PAGE_SIZE - 1}`)).toBe(true);
    expect(shown.has('l0')).toBe(false);
  });

  it('counts a lease once however many viewers show it: fifty viewers of the first page, one shared client', () => {
    const viewers = new Viewers();
    const first = ids(0, DEFAULT_PAGE_SIZE);
    // Without a trusted proxy every viewer is the same client; each polls once a second.
    for (let s = 0; s < 5; s++)
      for (let v = 0; v < 50; v++) viewers.mark(SHARED, first, NOW + s * 1000 + v * 20);
    expect(new Set(viewers.onScreen(NOW + 5000))).toEqual(new Set(first));
  });

  it('shared client: viewers of different pages share one largest page, never more', () => {
    const viewers = new Viewers();
    for (let v = 0; v < 50; v++)
      viewers.mark(SHARED, ids(v * DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE), NOW + v * 20);
    expect(viewers.onScreen(NOW + 1000)).toHaveLength(SCREEN_PER_CLIENT);
  });

  it('opening many details: a few in focus per client, every one on screen within the page bound', () => {
    const viewers = new Viewers();
    const details = ids(0, 100, 'd');
    details.forEach((id, i) => viewers.mark('a', [id], NOW + i, true));
    const focused = viewers.inFocus(NOW + 100);
    expect(focused).toHaveLength(FOCUS_PER_CLIENT);
    // The newest ones, as a detail panel opened last.
    expect(new Set(focused)).toEqual(new Set(details.slice(-FOCUS_PER_CLIENT)));
    expect(viewers.onScreen(NOW + 100)).toHaveLength(100);
    // Focus runs out with the marks.
    expect(viewers.inFocus(NOW + 99 + ON_SCREEN_MS)).toEqual([]);
  });

  it('clients told apart (a trusted proxy) do not push out each other', () => {
    const viewers = new Viewers();
    viewers.mark('10.0.0.1', ids(0, 50), NOW);
    viewers.mark('10.0.0.1', ['l3'], NOW, true);
    for (let t = 0; t < 2000; t += 250) viewers.mark('10.0.0.2', ids(1000 + t, 500), NOW + t);
    const shown = new Set(viewers.onScreen(NOW + 2000));
    expect(ids(0, 50).every((id) => shown.has(id))).toBe(true);
    expect(viewers.inFocus(NOW + 2000)).toEqual(['l3']);
  });

  it(`bounds every client together: ${MAX_ON_SCREEN} on screen, ${MAX_FOCUSED} in focus, whatever the number of clients`, () => {
    const viewers = new Viewers();
    for (let c = 0; c < 20; c++) {
      viewers.mark(`c${c}`, ids(c * 10, 10, 'f'), NOW + c, true);
      viewers.mark(`c${c}`, ids(c * 500, 500), NOW + c);
    }
    const shown = new Set(viewers.onScreen(NOW + 20));
    expect(shown.size).toBeLessThanOrEqual(MAX_ON_SCREEN);
    expect(viewers.inFocus(NOW + 20).length).toBeLessThanOrEqual(MAX_FOCUSED);
    // The client heard from last keeps its page; those heard from longest ago went first.
    expect(ids(19 * 500, 500).every((id) => shown.has(id))).toBe(true);
    expect(shown.has('l0')).toBe(false);
  });

  it(`bounds the leases in focus over every client: ${MAX_FOCUSED}, the newest kept`, () => {
    const viewers = new Viewers();
    for (let c = 0; c < 40; c++)
      ids(c * FOCUS_PER_CLIENT, FOCUS_PER_CLIENT, 'f').forEach((id) =>
        viewers.mark(`c${c}`, [id], NOW + c, true),
      );
    const focused = new Set(viewers.inFocus(NOW + 40));
    expect(focused.size).toBeGreaterThan(MAX_FOCUSED - FOCUS_PER_CLIENT);
    expect(focused.size).toBeLessThanOrEqual(MAX_FOCUSED);
    expect(focused.has(`f${40 * FOCUS_PER_CLIENT - 1}`)).toBe(true);
    expect(focused.has('f0')).toBe(false);
  });

  it('bounds what it keeps: many clients showing the same page keep at most MAX_MARKS marks', () => {
    const viewers = new Viewers();
    const page = ids(0, 500);
    const clients = (2 * MAX_MARKS) / 500;
    for (let c = 0; c < clients; c++) viewers.mark(`c${c}`, page, NOW);
    expect(viewers.clientCount).toBeLessThanOrEqual(MAX_MARKS / 500);
    expect(new Set(viewers.onScreen(NOW))).toEqual(new Set(page));
  });
});
