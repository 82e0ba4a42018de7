import 'server-only';
import { getMonitor } from '@/lib/server';
import type { AuditQuery } from '@/lib/shared/audit-query';
import type { AuditResponse } from '@/lib/shared/contract-audit';

// The audit trail as GET /api/audit answers it: from the leader's copy of what etcd holds, so a
// viewer's page costs etcd nothing (lib/audit/audit-trail.ts).

export function auditView(query: AuditQuery): Promise<AuditResponse> {
  return getMonitor().audit.page(query);
}
