// The same route for the cluster /c/<name> names (lib/dashboard/request.ts).
export { GET } from '@/app/api/replica/route';
export const dynamic = 'force-dynamic';
