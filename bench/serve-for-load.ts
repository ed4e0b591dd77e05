/**
 * The server the benchmark's load test hits, in a process of its own so that its memory and CPU are not the load
 * generator's. With a portal build present it serves that build the way `veta serve` does (SvelteKit's handler, the
 * API mounted in it, static files by the same handler); it does not go through `veta serve` itself, which rebuilds a
 * build whose sources changed, and the build is shared. Without one it serves the API's Hono app with node:http and
 * one static file (the portal's favicon), so the figures still compare the API with a file.
 *
 *   tsx bench/serve-for-load.ts <home> <port>
 *
 * It prints one JSON line when it listens ({"listening": port, "mode": …}) and one when it stops on SIGTERM
 * ({"max_rss_mb": …}).
 */
import { access, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveHome } from '../warehouse/home.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_HANDLER = path.join(ROOT, 'portal', 'build', 'handler.js');
/** The one static file both modes serve, where the built portal serves it. */
const STATIC_PATH = '/favicon.svg';

/** The built portal, as `veta serve` runs it (cli/commands/serve.ts), minus the rebuild check. */
async function builtPortal(home: string): Promise<RequestListener> {
  process.env.VETA_HOME = home;
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  const { handler } = (await import(pathToFileURL(BUILD_HANDLER).href)) as { handler: Handler };
  return (req, res) => {
    req.headers['x-forwarded-proto'] ??= 'http';
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  };
}

/** The API's Hono app on node:http, and the favicon beside it. */
async function apiAndFile(home: string): Promise<RequestListener> {
  // Imported by path at run time: the portal's sources are type-checked by the portal, not by this project.
  const app = pathToFileURL(path.join(ROOT, 'portal/src/lib/server/api/app.ts')).href;
  const reader = pathToFileURL(path.join(ROOT, 'warehouse/gateway/snapshot-reader.ts')).href;
  const { createApi } = (await import(app)) as { createApi: (reader: unknown) => FetchApp };
  const { SnapshotReader } = (await import(reader)) as { SnapshotReader: new (file: string) => unknown };
  const api = createApi(new SnapshotReader(resolveHome(home).published));
  const favicon = await readFile(path.join(ROOT, 'portal', 'static', 'favicon.svg'));
  return (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    if (url.pathname === STATIC_PATH) {
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'content-length': favicon.length });
      res.end(favicon);
      return;
    }
    void Promise.resolve(api.fetch(new Request(url, { method: req.method, headers: req.headers as Record<string, string> })))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: Error) => {
        res.statusCode = 500;
        res.end(error.message);
      });
  };
}

const [home, port] = process.argv.slice(2);
if (!home || !port) throw new Error('usage: serve-for-load.ts <home> <port>');
const built = await access(BUILD_HANDLER).then(
  () => true,
  () => false,
);
const listener = built ? await builtPortal(home) : await apiAndFile(home);
const mode = built
  ? 'the built portal (portal/build), served as `veta serve` serves it'
  : "the API's Hono app on node:http, with one static file (no portal build present)";
const server = createServer(listener);
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ listening: Number(port), mode })}\n`));
process.once('SIGTERM', () => {
  server.close();
  process.stdout.write(`${JSON.stringify({ max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  process.exit(0);
});
