// `GET /pdf/<page>`: a report or region profile of the portal as a PDF (`/pdf/es/reports/2025` prints /es/reports/2025).
import type { IncomingMessage } from 'node:http';
import { api } from '$lib/server/api/instance.ts';
import { pagePdf } from '$lib/server/pdf/page-pdf.ts';
import type { RequestEvent, RequestHandler } from './$types';

/**
 * The address this server answered the request on (adapter-node hands the Node request over as `platform.req`), so
 * the browser reaches this very server whatever Host header the request carried. Without it (the Vite dev server),
 * only a loopback address is trusted.
 */
function selfOrigin({ platform, url }: RequestEvent): string | undefined {
  const socket = (platform as { req?: IncomingMessage } | undefined)?.req?.socket;
  if (socket?.localPort && socket.localAddress) {
    const address = socket.localAddress.replace(/^::ffff:/, '');
    return `http://${address.includes(':') ? `[${address}]` : address}:${socket.localPort}`;
  }
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) ? url.origin : undefined;
}

export const GET: RequestHandler = (event) =>
  pagePdf({
    rest: event.params.path,
    query: event.url.searchParams,
    origin: selfOrigin(event),
    servedSnapshot: async () => {
      const response = await api.request('/api/v1/health');
      return response.ok ? ((await response.json()) as { snapshot_id: string }).snapshot_id : undefined;
    },
  });
