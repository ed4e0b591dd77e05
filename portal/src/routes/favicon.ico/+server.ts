// Browsers ask for /favicon.ico by themselves on any document that declares no icon (the API's JSON opened from the
// developers page, a CSV shown inline). The portal's icon is an SVG: they are sent to it instead of a 404.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => redirect(301, '/favicon.svg');
