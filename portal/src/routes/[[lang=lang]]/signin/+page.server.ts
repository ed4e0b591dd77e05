// Sign-in with an access token: the API checks it, and only a token it accepts is kept, in an HttpOnly cookie the
// pages' own API calls carry. Sign-out drops the cookie.
import { fail, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/api/access.ts';
import { DEFAULT_LOCALE, isLocale, localizedPath } from '$lib/i18n/locales.ts';
import type { Actions } from './$types';

/** A working day: long enough for a review session, short enough that a forgotten browser does not stay open. */
const SESSION_SECONDS = 8 * 60 * 60;

export const actions: Actions = {
  signin: async ({ request, fetch, cookies, url, params }) => {
    const token = String((await request.formData()).get('token') ?? '').trim();
    const response = await fetch('/api/v1/access', { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      return fail(401, { reason: body?.error?.message ?? `the API answered ${response.status}` });
    }
    cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: url.protocol === 'https:', maxAge: SESSION_SECONDS });
    redirect(303, localizedPath('/sites', isLocale(params.lang) ? params.lang : DEFAULT_LOCALE));
  },
  signout: async ({ cookies, params }) => {
    cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, localizedPath('/', isLocale(params.lang) ? params.lang : DEFAULT_LOCALE));
  },
};
