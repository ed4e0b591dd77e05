/**
 * Portal pages printed to PDF by headless Chromium: one browser for the whole server, started on the first request
 * and reused (a launch costs about half a second), a few pages printed at a time with the others waiting in a short
 * queue, a deadline on each, and plain answers when Chromium is missing or busy.
 *
 * The browser loads the page from this same server, over the address the request came in on, so it prints exactly
 * what a reader sees, in print media (the pages' print stylesheets apply). It never carries the requester's
 * credentials: a PDF shows the public view.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-launch.ts';
import { pdfTarget } from './pdf-target.ts';

/** Pages printed at once; more would slow all of them on a small server. */
const CONCURRENT = 2;
/** Requests that may wait for a turn; beyond that the answer is 503 with Retry-After. */
const QUEUE = 8;
/** The deadline for loading and printing one page. */
const TIMEOUT_MS = 30_000;


class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
}

let browser: Promise<Browser> | undefined;

async function launch(): Promise<Browser> {
  const executablePath = chromiumPath();
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(`no Chromium at ${executablePath}`);
  }
  const { chromium } = await import('playwright-core');
  const started = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  // A crashed browser is started again by the next request.
  started.on('disconnected', () => (browser = undefined));
  return started;
}

/** The server's one browser, started when first needed. */
export function sharedBrowser(): Promise<Browser> {
  browser ??= launch().catch((error: unknown) => {
    browser = undefined;
    throw error;
  });
  return browser;
}

/** Closes the browser (tests, shutdown). */
export async function closeSharedBrowser(): Promise<void> {
  const open = browser;
  browser = undefined;
  if (open) await (await open.catch(() => undefined))?.close();
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when a turn is free; false when the queue is full. */
async function inTurn<T>(work: () => Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
  if (running >= CONCURRENT) {
    if (waiting.length >= QUEUE) return { done: false };
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running += 1;
  try {
    return { done: true, value: await work() };
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

interface Printed {
  status: number;
  pdf?: Buffer;
  snapshotId?: string;
}

/** Loads `url` and prints it, or gives the status the page answered with when that is not a success. */
async function print(url: string): Promise<Printed> {
  const context = await (await sharedBrowser()).newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'networkidle', timeout: TIMEOUT_MS });
    const status = response?.status() ?? 502;
    if (status >= 400) return { status };
    await page.emulateMedia({ media: 'print' });
    const stamped = (await page.locator('[data-snapshot-id]').first().textContent({ timeout: 1000 }).catch(() => null))?.trim();
    const snapshotId = stamped && /^[0-9a-f]{16}$/.test(stamped) ? stamped : undefined;
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:7pt;color:#4b5a53;width:100%;padding:0 14mm;display:flex;justify-content:space-between">' +
        `<span>Veta${snapshotId ? ` · snapshot ${snapshotId}` : ''}</span>` +
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>',
    });
    return { status, pdf, snapshotId };
  } finally {
    await context.close();
  }
}

async function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS + 5_000);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PagePdfRequest {
  /** What follows `/pdf/` in the request path. */
  rest: string;
  query: URLSearchParams;
  /** Where this server can be reached from itself (`http://127.0.0.1:3000`); undefined when not known. */
  origin: string | undefined;
  /** The snapshot served now, for the file name of a page that does not print one. */
  servedSnapshot: () => Promise<string | undefined>;
}

/** The answer to `GET /pdf/<rest>`: the page as a PDF download, or a JSON error saying what went wrong. */
export async function pagePdf({ rest, query, origin, servedSnapshot }: PagePdfRequest): Promise<Response> {
  const chosen = pdfTarget(rest, query);
  if (!chosen.ok) return jsonError(400, 'bad_request', chosen.message);
  if (!origin) return jsonError(503, 'pdf_unavailable', 'PDFs are printed only by the portal server itself (`veta serve`)');
  const { path, search, name } = chosen.target;
  let outcome: Awaited<ReturnType<typeof inTurn<Printed>>>;
  try {
    outcome = await inTurn(() => withDeadline(print(`${origin}${path}${search}`)));
  } catch (error) {
    if (error instanceof ChromiumMissingError) {
      console.error(`pdf: ${error.message}: install Chromium (apt-get install chromium) or set CHROMIUM_PATH`);
      return jsonError(503, 'pdf_unavailable', 'PDF printing is not available on this server: Chromium is not installed');
    }
    if (error instanceof Error && (error.message === 'timeout' || error.name === 'TimeoutError')) {
      return jsonError(504, 'timeout', `${path} did not load and print within ${TIMEOUT_MS / 1000} s`);
    }
    console.error(`pdf: ${path}${search}:`, error);
    return jsonError(500, 'internal', 'the page could not be printed; the error is in the server log');
  }
  if (!outcome.done) return jsonError(503, 'busy', 'too many PDFs are being printed: try again in a minute', { 'Retry-After': '30' });
  const printed = outcome.value;
  if (!printed.pdf) return jsonError([400, 404].includes(printed.status) ? printed.status : 502, 'page_error', `${path}${search} answered ${printed.status}`);
  const snapshot = printed.snapshotId ?? (await servedSnapshot()) ?? 'unknown-snapshot';
  return new Response(new Uint8Array(printed.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(printed.pdf.length),
      'Content-Disposition': `attachment; filename="veta-${name}-${snapshot}.pdf"`,
      'Cache-Control': 'no-cache',
    },
  });
}
