import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { THEME_SCRIPT } from '@/components/ui/theme-switch';
import '@/app/globals.css';

export const metadata: Metadata = {
  title: 'etcd lease dashboard',
  description: 'Watch etcd lease TTLs count down, renew, expire and revoke, on a real etcd.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme before React hydrates; that difference is expected.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
