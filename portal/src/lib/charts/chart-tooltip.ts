/**
 * Tooltips for a chart rendered on the server (`renderPlot`), in the browser, without charting code: a Svelte action
 * on the chart's container that reads the figure each point carries as its SVG `<title>` and shows it beside the point
 * nearest the pointer, or, from the keyboard (the container is focusable), beside the point the arrow keys reach.
 * Without scripts the `<title>`s remain the browser's own tooltips.
 */

/** The points of the chart: every mark of a dot layer, the `<title>` moved to `data-tip` so two tooltips never show. */
function pointsOf(node: HTMLElement): SVGGraphicsElement[] {
  const marks = [...node.querySelectorAll<SVGGraphicsElement>('svg [aria-label="dot"] > *')];
  for (const mark of marks) {
    const title = mark.querySelector('title');
    if (title) {
      mark.dataset.tip = title.textContent ?? '';
      title.remove();
    }
  }
  const centre = (m: SVGGraphicsElement) => m.getBoundingClientRect();
  return marks.filter((m) => m.dataset.tip).sort((a, b) => centre(a).left - centre(b).left || centre(a).top - centre(b).top);
}

export function chartTooltip(node: HTMLElement) {
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('role', 'status');
  tip.hidden = true;
  node.after(tip);
  let active: SVGGraphicsElement | null = null;

  function show(mark: SVGGraphicsElement | null) {
    active?.classList.remove('chart-active');
    active = mark;
    if (!mark) {
      tip.hidden = true;
      return;
    }
    mark.classList.add('chart-active');
    tip.textContent = mark.dataset.tip ?? '';
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const frame = (tip.offsetParent ?? document.body).getBoundingClientRect();
    tip.style.left = `${box.left + box.width / 2 - frame.left}px`;
    tip.style.top = `${box.top - frame.top}px`;
  }

  function onPointerMove(event: PointerEvent) {
    let nearest: SVGGraphicsElement | null = null;
    let best = Infinity;
    for (const mark of pointsOf(node)) {
      const box = mark.getBoundingClientRect();
      // Across matters more than up and down: a year is a column.
      const distance = Math.abs(box.left + box.width / 2 - event.clientX) + Math.abs(box.top + box.height / 2 - event.clientY) / 4;
      if (distance < best) [nearest, best] = [mark, distance];
    }
    show(nearest);
  }

  function onKeyDown(event: KeyboardEvent) {
    const points = pointsOf(node);
    if (!points.length) return;
    const at = active ? points.indexOf(active) : -1;
    const next: Record<string, number> = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: points.length - 1 };
    if (event.key === 'Escape') return show(null);
    if (!(event.key in next)) return;
    event.preventDefault();
    show(points[Math.min(points.length - 1, Math.max(0, at < 0 && event.key.startsWith('Arrow') ? 0 : next[event.key]))]);
  }

  const hide = () => show(null);
  // Says that the chart answers the pointer and the keys (for styles, and for tests waiting on the page's scripts).
  node.dataset.tooltips = 'on';
  node.addEventListener('pointermove', onPointerMove);
  node.addEventListener('pointerleave', hide);
  node.addEventListener('keydown', onKeyDown);
  node.addEventListener('blur', hide);
  return {
    destroy() {
      node.removeEventListener('pointermove', onPointerMove);
      node.removeEventListener('pointerleave', hide);
      node.removeEventListener('keydown', onKeyDown);
      node.removeEventListener('blur', hide);
      delete node.dataset.tooltips;
      tip.remove();
    },
  };
}
