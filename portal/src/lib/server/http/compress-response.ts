/**
 * Gzips the text the server generates (pages, JSON, CSV, GeoJSON, SVG) for clients that accept it: field offices are
 * on slow connections, and a page's data compresses to a fifth. Built assets are already served precompressed by the
 * adapter; binary files (Parquet, PDF, images) gain nothing and are left alone.
 */
const COMPRESSIBLE = /^(text\/|application\/(json|geo\+json|javascript|xml|vnd\.apache\.arrow)|image\/svg\+xml)/;

/** Below this a response is smaller than the gzip framing is worth. */
const MIN_BYTES = 1024;

/** Whether the client takes gzip. */
export function acceptsGzip(request: Request): boolean {
  return /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
}

/** Whether a body of this type and length (Infinity when unknown) is worth gzipping. */
export function worthCompressing(type: string, length: number): boolean {
  return COMPRESSIBLE.test(type) && length >= MIN_BYTES;
}

export function compressResponse(request: Request, response: Response): Response {
  const type = response.headers.get('content-type') ?? '';
  const length = Number(response.headers.get('content-length') ?? Infinity);
  if (!acceptsGzip(request) || !response.body || response.headers.has('content-encoding') || !worthCompressing(type, length)) {
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set('content-encoding', 'gzip');
  headers.delete('content-length');
  headers.append('vary', 'Accept-Encoding');
  return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
