// @ts-check
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is CommonJS
const createNextIntlPlugin = require('next-intl/plugin');

// Security headers for every response. The content security policy allows only this origin;
// Next's hydration scripts and recharts' inline styles need 'unsafe-inline' (no nonces without
// per-request rendering of every script tag).
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A server that runs from its own folder (.next/standalone/server.js) with only the files it
  // needs, wherever it is started from: see the README, "In production".
  output: 'standalone',
  // Bundled, etcd3 cannot find its proto/rpc.proto at run time (it reads the file from its own
  // package directory), so it stays an external package that Node loads from node_modules.
  serverExternalPackages: ['etcd3'],
  // That read escapes the standalone output's tracing, which copies only what is imported: without
  // the proto files there, the standalone server cannot load etcd3.
  outputFileTracingIncludes: { '/*': ['./node_modules/etcd3/proto/*.proto'] },
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

// next-intl (without i18n routing: the URLs stay the same): each request's language and catalog
// come from lib/i18n/request.ts.
const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

module.exports = withNextIntl(nextConfig);
