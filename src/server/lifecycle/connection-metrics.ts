import { Gauge, type Registry } from 'prom-client';
import type { ConnectionTracker } from './connections.js';

/**
 * Client connections open now, and those with a response not yet sent: what a drain is waiting for, and
 * (open, not busy) the keep-alive sockets a deploy will close. The cancellation test reads both to know the
 * service has read its callers' disconnects.
 */
export function connectionMetrics(registry: Registry, connections: Pick<ConnectionTracker, 'open' | 'busy'>): void {
  new Gauge({
    name: 'http_server_open_connections',
    help: 'Client TCP connections open now.',
    registers: [registry],
    collect() {
      this.set(connections.open);
    },
  });
  new Gauge({
    name: 'http_server_busy_connections',
    help: 'Client connections with a response not yet sent.',
    registers: [registry],
    collect() {
      this.set(connections.busy);
    },
  });
}
