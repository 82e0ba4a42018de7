// The same page for the cluster /c/<name> names (lib/dashboard/request.ts).
export { default } from '@/app/audit/page';
export const dynamic = 'force-dynamic';
