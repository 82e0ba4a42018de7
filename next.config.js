// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Bundled, etcd3 cannot find its proto/rpc.proto at run time (see ../shared/LEASES.md).
  serverExternalPackages: ['etcd3'],
  poweredByHeader: false,
};

module.exports = nextConfig;
