import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath } from './chromium-launch.ts';
import { closeSharedBrowser, pagePdf, sharedBrowser } from './page-pdf.ts';
import { pdfTarget } from './pdf-target.ts';

afterAll(closeSharedBrowser);

const request = (rest: string, query = '', origin?: string) =>
  pagePdf({ rest, query: new URLSearchParams(query), origin, servedSnapshot: async () => 'fedcba9876543210' });

describe('which pages /pdf prints', () => {
  it.each([
    ['reports/2025', '', '/reports/2025', '', 'reports-2025'],
    ['es/reports/2025', '', '/es/reports/2025', '', 'es-reports-2025'],
    ['fr/reports/2025', 'snapshot=0123456789abcdef', '/fr/reports/2025', '?snapshot=0123456789abcdef', 'fr-reports-2025'],
    ['regions/CO/CO-NAR', 'mineral=gold', '/regions/CO/CO-NAR', '?mineral=gold', 'regions-CO-CO-NAR-gold'],
  ])('prints /%s?%s', (rest, query, path, search, name) => {
    expect(pdfTarget(rest, new URLSearchParams(query))).toEqual({ ok: true, target: { path, search, name } });
  });

  it.each([
    [''],
    ['reports'],
    ['es'],
    ['data/x'],
    ['api/v1/health'],
    ['de/reports/2025'],
    ['es/es/reports/2025'],
    ['reports/../api/v1/health'],
    ['reports/2025.html'],
    ['reports/2025/a/b/c/d'],
    ['map'],
  ])('refuses /pdf/%s with 400, without starting a browser', async (rest) => {
    const response = await request(rest, '', 'http://127.0.0.1:9');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('bad_request');
  });

  it('refuses query parameters that are not short words', async () => {
    const response = await request('regions/CO/CO-NAR', 'mineral=<script>', 'http://127.0.0.1:9');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe('/pdf passes on only short query parameters of letters, digits and - _ . ,');
  });
});

describe('printing', () => {
  it('answers 503 saying Chromium is missing when it is', async () => {
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const response = await request('reports/2025', '', 'http://127.0.0.1:9');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: { code: 'pdf_unavailable', message: 'PDF printing is not available on this server: Chromium is not installed' },
      });
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });

  // Needs Debian's Chromium (`apt-get install chromium`), which CI installs; without it there is nothing to print with.
  it.skipIf(!existsSync(chromiumPath()) && process.env.VETA_REQUIRE_BROWSER !== '1')(
    'prints a page of this server with one shared browser, named after the page and the snapshot it shows',
    async () => {
      const server: Server = createServer((req, res) => {
        if (req.url !== '/es/reports/2025') {
          res.writeHead(404).end('not found');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html lang="es"><body><h1>Informe anual 2025</h1><p>Instantánea <code data-snapshot-id>0123456789abcdef</code></p></body></html>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const responses = await Promise.all([1, 2, 3].map(() => request('es/reports/2025', '', origin)));
        for (const response of responses) {
          expect(response.status).toBe(200);
          expect(response.headers.get('content-type')).toBe('application/pdf');
          expect(response.headers.get('content-disposition')).toBe('attachment; filename="veta-es-reports-2025-0123456789abcdef.pdf"');
        }
        const pdf = Buffer.from(await responses[0].arrayBuffer());
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(await sharedBrowser()).toBe(await sharedBrowser());
        const missing = await request('reports/2024', '', origin);
        expect(missing.status).toBe(404);
      } finally {
        server.close();
      }
    },
    60_000,
  );
});
