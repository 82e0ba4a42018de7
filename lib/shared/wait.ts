/**
 * Waits for `work`, but never longer than `ms`: what a request or a shutdown may wait for something
 * that is not its own to finish. A rejection within the time is passed on.
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
