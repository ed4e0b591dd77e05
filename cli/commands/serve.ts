/**
 * `veta serve`: the portal and its API from the published snapshot, in this process. A snapshot published while the
 * server runs is picked up by the next request.
 */
import { access } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { portOption, type Command } from '../command.ts';
import { CliError, UsageError } from '../errors.ts';
import { ensurePortalBuild, PORTAL_BUILD } from '../portal-build.ts';
import { runDemo } from './demo.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export const serve: Command = {
  name: 'serve',
  summary: 'Serve the portal and its API (under /api/v1) from the published snapshot.',
  usage: 'veta serve [--port N] [--host ADDR] [--with-demo] [--snapshot ID]',
  help: [
    '  --snapshot ID    serve a kept snapshot (see <home>/snapshots) instead of the published one',
    '  --port N         port to listen on (default: $PORT, else 3000)',
    '  --host ADDR      address to listen on (default: $HOST, else 0.0.0.0)',
    '  --with-demo      when nothing is published yet, run `veta demo` first (what `npm start` does)',
  ],
  options: { port: { type: 'string' }, host: { type: 'string' }, 'with-demo': { type: 'boolean' }, snapshot: { type: 'string' } },
  async run(context) {
    const port = portOption(context.values, 'port', Number(process.env.PORT ?? 3000));
    const host = (context.values.host as string | undefined) ?? process.env.HOST ?? '0.0.0.0';
    const id = context.values.snapshot;
    if (typeof id === 'string') {
      if (!/^[0-9a-f]{16}$/.test(id)) throw new UsageError(`--snapshot expects a snapshot id (16 hex digits), got "${id}"`);
      const file = path.join(context.home.snapshots, `${id}.duckdb`);
      await access(file).catch(() => {
        throw new CliError(`no kept snapshot ${id} under ${context.home.snapshots}`);
      });
      process.env.VETA_SNAPSHOT_FILE = file;
    }
    const published = await access(context.home.published).then(
      () => true,
      () => false,
    );
    if (!published) {
      if (!context.values['with-demo']) {
        throw new CliError(`nothing is published under ${context.home.root}: run \`veta demo\` or \`veta build\` first`);
      }
      context.err('no published snapshot yet: running the demo');
      if (!(await runDemo(context))) throw new CliError('the demo did not publish a snapshot');
    } else {
      context.err(`serving the published snapshot in ${context.home.root}`);
    }
    await ensurePortalBuild(context.err);

    // The portal's server code finds the warehouse through the environment.
    process.env.VETA_HOME = context.home.root;
    // This server speaks plain HTTP; the portal works out its own origin (which its forms' CSRF check compares
    // against) from X-Forwarded-Proto, which a TLS proxy in front sets and a direct request gets as http.
    process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
    const { handler } = (await import(pathToFileURL(path.join(PORTAL_BUILD, 'handler.js')).href)) as { handler: Handler };
    const server = createServer((req, res) => {
      req.headers['x-forwarded-proto'] ??= 'http';
      return handler(req, res, () => {
        res.statusCode = 404;
        res.end('not found');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new CliError(error.code === 'EADDRINUSE' ? `port ${port} is already in use: try --port` : error.message)),
      );
      server.listen(port, host, resolve);
    });
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    context.err(`Veta portal: http://${shown}:${port}/  (API: http://${shown}:${port}/api/v1/health)  Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
