/** A text cut to `chars`, marked with an ellipsis where it was cut. */
export const shorten = (text: string, chars: number): string =>
  text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;

// Counts in sentences ("1 lease", "10,000 leases") are ICU plurals in messages/*.json, so that each
// language says them its own way.
