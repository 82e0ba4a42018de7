// The same route for the cluster /c/<name> names (lib/dashboard/request.ts).
export { GET } from '@/app/api/audit/route';
export const dynamic = 'force-dynamic';
