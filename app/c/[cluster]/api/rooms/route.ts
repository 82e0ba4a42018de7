// The same route for the cluster /c/<name> names (lib/dashboard/request.ts).
export { GET } from '@/app/api/rooms/route';
export const dynamic = 'force-dynamic';
