// The API's description, read from the same OpenAPI document the API serves, so the page cannot drift from it.
import type { PageServerLoad } from './$types';

interface Operation {
  summary?: string;
  operationId?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string | string[]; enum?: string[] } }[];
  responses?: Record<string, { description?: string }>;
}

export const load: PageServerLoad = async ({ fetch }) => {
  const document = (await (await fetch('/api/v1/openapi.json')).json()) as {
    info: { title: string; version: string; description: string };
    servers: { url: string }[];
    paths: Record<string, Record<string, Operation>>;
  };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      id: op.operationId ?? `${method} ${path}`,
      method: method.toUpperCase(),
      path: `${document.servers[0]?.url ?? ''}${path}`,
      summary: op.summary ?? '',
      restricted: Boolean(op.security?.length),
      parameters: (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        description: p.description ?? '',
        values: p.schema?.enum?.join(', ') ?? '',
      })),
      responses: Object.entries(op.responses ?? {}).map(([code, r]) => ({ code, description: r.description ?? '' })),
    })),
  );
  return { info: document.info, operations };
};
