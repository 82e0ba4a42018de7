import { describe, expect, it } from 'vitest';
import {
  MAX_NAME_CHARS,
  cleanMemberName,
  parseRoomCode,
  roomCodeFrom,
  suggestMemberName,
  uniqueMemberName,
} from '@/lib/shared/room';

describe('room codes', () => {
  it('are six characters nobody misreads, taken as typed in any case', () => {
    const code = roomCodeFrom(new Uint8Array([0, 1, 2, 3, 30, 31]));
    expect(code).toBe('ABCD9A');
    expect(parseRoomCode(' abcd9a ')).toBe('ABCD9A');
  });

  it.each(['', 'ABCDE', 'ABCDEFG', 'ABCD0A', 'ABCDIA', 'ABC/EF'])('refuse %j', (typed) =>
    expect(parseRoomCode(typed)).toBeNull(),
  );
});

describe('member names', () => {
  it('lose control characters, slashes and extra spaces', () => {
    expect(cleanMemberName('  Mei \u0000 Lin\t')).toBe('Mei Lin');
    expect(cleanMemberName('a/b\\c')).toBe('a b c');
    expect(cleanMemberName('zero\u200bwidth')).toBe('zero width');
  });

  it('are cut to the bound in characters, not bytes', () => {
    expect(cleanMemberName('x'.repeat(50))).toBe('x'.repeat(MAX_NAME_CHARS));
    expect(cleanMemberName('梅'.repeat(30))).toBe('梅'.repeat(MAX_NAME_CHARS));
    expect(Array.from(cleanMemberName('😀'.repeat(30)) ?? '')).toHaveLength(MAX_NAME_CHARS);
  });

  it('are nothing when nothing printable is left', () => {
    expect(cleanMemberName('   ')).toBeNull();
    expect(cleanMemberName('///')).toBeNull();
  });

  it('take a number when taken, and stay within the bound', () => {
    expect(uniqueMemberName('Mei', new Set())).toBe('Mei');
    expect(uniqueMemberName('Mei', new Set(['Mei', 'Mei 2']))).toBe('Mei 3');
    const long = 'y'.repeat(MAX_NAME_CHARS);
    expect(uniqueMemberName(long, new Set([long]))).toBe(`${'y'.repeat(MAX_NAME_CHARS - 2)} 2`);
  });

  it('are suggested from words, never one already taken', () => {
    expect(suggestMemberName(new Set(), () => 0)).toBe('Swift Otter');
    expect(suggestMemberName(new Set(['Swift Otter']), () => 0)).toBe('Swift Otter 2');
    expect(suggestMemberName(new Set(), () => 0.99)).toBe('Jolly Yak');
  });
});
