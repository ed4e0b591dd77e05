/**
 * The stories of change of each annual report: text ARM writes, one Markdown file per year and language in
 * `stories/<year>.<lang>.md` (see stories/README.md). A year without a file in the page's language gets a placeholder
 * on the report, never a story written by anyone else.
 */
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { renderMarkdown } from './markdown.ts';

const FILE_NAME = /(?:^|\/)(\d{4})\.([a-z]{2})\.md$/;

/** Every story file, read at build time: the report pages are server-rendered, so none of it reaches the browser. */
const FILES = import.meta.glob<string>('./stories/*.md', { query: '?raw', import: 'default', eager: true });

export interface Story {
  /** The story as HTML, or null when none is written in this language. */
  html: string | null;
  /** Languages the year's stories are written in. */
  languages: Locale[];
}

/** The story of `year` in `locale` among `files` (path → Markdown). */
export function storyOf(year: number, locale: Locale, files: Record<string, string> = FILES): Story {
  const written = new Map<Locale, string>();
  for (const [file, text] of Object.entries(files)) {
    const match = FILE_NAME.exec(file);
    const lang = LOCALES.find((l) => l === match?.[2]);
    if (match && lang && Number(match[1]) === year && text.trim()) written.set(lang, text);
  }
  const text = written.get(locale);
  return { html: text === undefined ? null : renderMarkdown(text), languages: LOCALES.filter((l) => written.has(l)) };
}
