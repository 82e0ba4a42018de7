// Which findings name a lease, for the tags on its row and the line in its detail. Pure, so it is
// tested without a page.
import type { Finding, FindingKind, FindingSeverity } from '@/lib/shared/contract-findings';

export type LeaseFinding = { kind: FindingKind; severity: FindingSeverity };

/**
 * Each lease the findings name, with the findings that name it, most severe first (the order the
 * server sends them in). Only the examples an answer carries are known, the first ones of each
 * kind: a lease past those gets no tag, since finding the rest would mean fetching every page.
 */
export function findingsByLease(findings: readonly Finding[]): Map<string, LeaseFinding[]> {
  const byLease = new Map<string, LeaseFinding[]>();
  for (const { kind, severity, examples } of findings)
    for (const { lease } of examples) {
      const known = byLease.get(lease) ?? [];
      if (!known.some((f) => f.kind === kind)) known.push({ kind, severity });
      byLease.set(lease, known);
    }
  return byLease;
}
