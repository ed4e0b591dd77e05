import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressResponse } from './compress-response.ts';

const page = 'Veta '.repeat(1000);
const request = (encoding?: string) => new Request('http://localhost/', { headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('compressResponse', () => {
  it('gzips generated text for clients that accept it, keeping status and headers', async () => {
    const response = compressResponse(request('gzip, deflate, br'), new Response(page, { status: 201, headers: { 'content-type': 'text/html; charset=utf-8', 'x-veta': '1' } }));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.get('x-veta')).toBe('1');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBeLessThan(page.length / 10);
    expect(gunzipSync(bytes).toString()).toBe(page);
  });

  it('leaves alone clients without gzip, binary files, small and already encoded bodies', async () => {
    const cases: [Request, Response][] = [
      [request(), new Response(page, { headers: { 'content-type': 'text/html' } })],
      [request('gzip'), new Response(page, { headers: { 'content-type': 'application/vnd.apache.parquet' } })],
      [request('gzip'), new Response('small', { headers: { 'content-type': 'application/json', 'content-length': '5' } })],
      [request('gzip'), new Response(page, { headers: { 'content-type': 'text/css', 'content-encoding': 'br' } })],
    ];
    for (const [req, res] of cases) expect(compressResponse(req, res)).toBe(res);
  });
});
