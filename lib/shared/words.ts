/** "1 lease", "10,000 leases": a count and its noun, for people. */
/** A text cut to `chars`, marked with an ellipsis where it was cut. */
export const shorten = (text: string, chars: number): string =>
  text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
