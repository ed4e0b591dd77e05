/** Route matcher for the optional language segment: `/`, `/es`, `/fr`. */
import type { ParamMatcher } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n/locales.ts';

export const match: ParamMatcher = (param) => isLocale(param);
