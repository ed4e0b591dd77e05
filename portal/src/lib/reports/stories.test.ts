import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';
import { storyOf } from './stories.ts';

describe('stories of change', () => {
  const files = {
    './stories/2025.es.md': '## Mujeres en la planta\n\nUna cooperativa de *Nariño* cuenta su año.\n',
    './stories/2025.fr.md': '   \n',
    './stories/README.md': '# How to write stories',
    './stories/2024.en.md': 'Another year.',
  };

  it('gives the story of the year in the page language, and says which languages it is written in', () => {
    expect(storyOf(2025, 'es', files)).toEqual({
      html: '<h3>Mujeres en la planta</h3>\n<p>Una cooperativa de <em>Nariño</em> cuenta su año.</p>',
      languages: ['es'],
    });
  });

  it('gives no story, rather than another language or year, when none is written (an empty file counts as none)', () => {
    expect(storyOf(2025, 'en', files)).toEqual({ html: null, languages: ['es'] });
    expect(storyOf(2025, 'fr', files).html).toBeNull();
    expect(storyOf(2023, 'en', files)).toEqual({ html: null, languages: [] });
  });

  it('ships no story that ARM did not write: the folder holds only its README until they do', () => {
    for (const year of [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]) {
      for (const locale of ['en', 'es', 'fr'] as const) expect(storyOf(year, locale).html).toBeNull();
    }
  });
});

describe('the Markdown of stories', () => {
  it('renders headings, paragraphs, lists, emphasis and http(s) links', () => {
    expect(renderMarkdown('# Title\nline one\nline two\n\n- a **b**\n- [ARM](https://www.responsiblemines.org/)\n')).toBe(
      '<h3>Title</h3>\n<p>line one line two</p>\n<ul><li>a <strong>b</strong></li><li><a href="https://www.responsiblemines.org/">ARM</a></li></ul>',
    );
  });

  it('shows HTML and script links as text, never as markup', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1)) "q"');
    expect(html).toBe('<p>&lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1)) &quot;q&quot;</p>');
  });
});
