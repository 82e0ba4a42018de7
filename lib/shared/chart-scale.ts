// The chart's time axis and its labelled marks, pure so they are tested without a browser: ticks at a
// regular step (never repeated, never out of order), and labels stacked in lanes so that no two
// overlap; a label with no room is left to the tooltip.

/** Tick steps, seconds: the first that gives at most the wanted number of ticks is used. */
const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400];

/** Regular ticks between `from` and `to` (epoch ms), at most `max` of them, on whole steps. */
export function timeTicks(
  from: number,
  to: number,
  max: number,
): { ticks: number[]; step: number } {
  const span = Math.max(1000, to - from);
  const wanted = Math.max(2, max);
  const stepS = STEPS_S.find((s) => span / (s * 1000) <= wanted) ?? STEPS_S[STEPS_S.length - 1]!;
  const step = stepS * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { ticks, step };
}

/** A tick's label: with seconds while the step is under a minute, so no two ticks read the same. */
export function tickLabel(t: number, step: number, locale?: string): string {
  return new Date(t).toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(step < 60_000 ? { second: '2-digit' } : {}),
    hour12: false,
  });
}

export type Placed<T> = T & {
  /** the row the label sits in (0 at the top), or null: no room, shown in the tooltip only */
  lane: number | null;
  /** whether the label sits left of its line (near the right edge) */
  leftOfLine: boolean;
};

/**
 * Gives each mark's label a lane so that labels in one lane never overlap: marks in time order, each
 * in the first lane where it fits. `charPx` is the width of one character of the label's font.
 */
export function placeLabels<T extends { at: number; label: string }>(
  marks: readonly T[],
  domain: [number, number],
  widthPx: number,
  charPx: number,
  maxLanes = 3,
): Placed<T>[] {
  const [from, to] = domain;
  const span = Math.max(1, to - from);
  const lanes: number[] = [];
  const gap = charPx;
  return [...marks]
    .sort((a, b) => a.at - b.at)
    .map((mark) => {
      const x = ((mark.at - from) / span) * widthPx;
      const w = mark.label.length * charPx + gap;
      const leftOfLine = x + w > widthPx;
      const [left, right] = leftOfLine ? [x - w, x] : [x, x + w];
      let lane = lanes.findIndex((end) => end <= left);
      if (lane === -1 && lanes.length < maxLanes) lane = lanes.push(0) - 1;
      if (lane === -1) return { ...mark, lane: null, leftOfLine };
      lanes[lane] = right;
      return { ...mark, lane, leftOfLine };
    });
}
