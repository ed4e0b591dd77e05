// Who is reading: the API says which tier the request's session cookie carries, so every page can show the sign-in
// state and the restricted sections. A cookie the API refuses (a revoked token) is dropped.
import { SESSION_COOKIE } from '$lib/server/api/access.ts';
import type { LayoutServerLoad } from './$types';

export interface AccessState {
  tier: 'public' | 'partner' | 'implementer' | 'admin';
  who: string | null;
}

export const load: LayoutServerLoad = async ({ fetch, cookies }) => {
  if (!cookies.get(SESSION_COOKIE)) return { access: { tier: 'public', who: null } satisfies AccessState };
  const response = await fetch('/api/v1/access');
  if (response.status === 401) {
    cookies.delete(SESSION_COOKIE, { path: '/' });
    return { access: { tier: 'public', who: null } satisfies AccessState };
  }
  const { tier, who } = (await response.json()) as AccessState;
  return { access: { tier, who } };
};
