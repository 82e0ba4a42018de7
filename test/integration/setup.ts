import { inject } from 'vitest';

// Point the dashboard's own configuration at the test etcd before any lib/ module reads it.
process.env.ETCD_ENDPOINTS = inject('etcdEndpoint');
