// `npm run bench -- --soak MINUTES`: a churning workload, and the server's memory meanwhile.
import { growLeases, PREFIX } from './measure.mjs';
import { log, mapLimit, percentile, rssMiB, sleep } from './util.mjs';

/**
 * --soak: 1,000 long leases; every second 20 short leases with a key (so 20 expire a second, each
 * with a grant, a put, a delete and an expiry event); 50 leases this client keeps alive (a renewal by
 * another client every 2 s each); 10 viewers. The server's memory every 30 s.
 */
export async function soak(url, client, minutes, serverPid) {
  log(`soak for ${minutes} min: granting 1,000 long leases ...`);
  await growLeases(client, 0, 1000);
  const kept = Array.from({ length: 50 }, () => client.lease(6));
  await Promise.all(kept.map((l) => l.grant()));
  const stopAt = Date.now() + minutes * 60_000;
  let churned = 0;
  const churn = (async () => {
    while (Date.now() < stopAt) {
      const tick = Date.now();
      await mapLimit(Array.from({ length: 20 }), 20, async () => {
        const lease = await client.leaseClient.leaseGrant({ TTL: 3 });
        await client.put(`${PREFIX}soak/${churned++}`).value('v').lease(lease.ID).exec();
      });
      await sleep(Math.max(0, 1000 - (Date.now() - tick)));
    }
  })();
  const viewers = Array.from({ length: 10 }, async (_, v) => {
    await sleep(v * 100);
    while (Date.now() < stopAt) {
      await (await fetch(`${url}/api/leases`)).arrayBuffer();
      await sleep(1000);
    }
  });
  const samples = [];
  const started = Date.now();
  while (Date.now() < stopAt) {
    await sleep(Math.min(30_000, Math.max(0, stopAt - Date.now())));
    const sample = { minute: (Date.now() - started) / 60_000, rssMiB: rssMiB(serverPid) };
    samples.push(sample);
    log(
      `${sample.minute.toFixed(1)} min: server RSS ${sample.rssMiB.toFixed(0)} MiB, ${churned} short leases so far`,
    );
  }
  await Promise.all([churn, ...viewers]);
  await Promise.all(kept.map((l) => l.revoke().catch(() => undefined)));
  // Memory settles in the first minutes (caches, JIT); compare the rest's first and last thirds.
  const settled = samples.filter((x) => x.minute >= Math.min(5, minutes / 3));
  const third = Math.max(1, Math.floor(settled.length / 3));
  const median = (xs) =>
    percentile(
      xs.map((x) => x.rssMiB),
      50,
    );
  return {
    minutes,
    shortLeases: churned,
    samples,
    earlyMiB: median(settled.slice(0, third)),
    lateMiB: median(settled.slice(-third)),
    maxMiB: Math.max(...samples.map((x) => x.rssMiB)),
  };
}
