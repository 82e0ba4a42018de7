import 'server-only';
import { getMonitor } from '@/lib/server';
import type {
  FindingExamplesPage,
  FindingKind,
  FindingsResponse,
} from '@/lib/shared/contract-findings';

// The findings as GET /api/findings answers them: judged by the findings engine from what the
// sampler already holds, at most once a second however many viewers ask (lib/findings/).

export async function findingsView(): Promise<FindingsResponse> {
  const { sampler, findings } = getMonitor();
  await sampler.ready();
  return findings.response();
}

export async function findingExamples(
  kind: FindingKind,
  page: number,
): Promise<FindingExamplesPage> {
  const { sampler, findings } = getMonitor();
  await sampler.ready();
  return findings.page(kind, page);
}
