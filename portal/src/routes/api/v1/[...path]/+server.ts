// Mounts the Hono API under /api/v1: every method goes to it, and it answers 404/405 itself.
import type { RequestHandler } from './$types';
import { api } from '$lib/server/api/instance.ts';

export const fallback: RequestHandler = ({ request }) => api.fetch(request);
