// The same page for the cluster /c/<name> names (lib/dashboard/request.ts).
export { default } from '@/app/join/[code]/page';
export const dynamic = 'force-dynamic';
