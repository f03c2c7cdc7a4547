// One tensor's histogram as an SVG bar chart (d3): HISTOGRAM_BINS equal bins over [lo, hi] of
// its finite values, counts from the host. Bars are theme-coloured through CSS classes; the
// axis shows lo, 0 (when inside the range) and hi. Layout is a pure function of the data.
import * as l10n from '@vscode/l10n';
import { scaleLinear, select } from 'd3';
import type { HistogramData } from '../../shared/protocol/checkpoint';
import { statistic } from '../../models/report/format';

const WIDTH = 420;
const HEIGHT = 120;
const AXIS = 16;

export interface BarLayout {
  x: number;
  width: number;
  y: number;
  height: number;
  count: number;
  from: number;
  to: number;
}

/** Bars in SVG units (x right, y down), the tallest one HEIGHT − AXIS high. */
export function layoutBars(h: HistogramData): BarLayout[] {
  const n = h.counts.length;
  const top = Math.max(1, ...h.counts);
  const x = scaleLinear().domain([0, n]).range([0, WIDTH]);
  const y = scaleLinear().domain([0, top]).range([HEIGHT - AXIS, 0]);
  const step = (h.hi - h.lo) / n;
  return h.counts.map((count, i) => ({ x: x(i), width: Math.max(0.5, x(i + 1) - x(i) - 0.5), y: y(count), height: HEIGHT - AXIS - y(count), count, from: h.lo + i * step, to: i === n - 1 ? h.hi : h.lo + (i + 1) * step }));
}

export function histogramSvg(h: HistogramData, title: string): SVGSVGElement {
  const svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg'))
    .attr('class', 'histogram')
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('role', 'img')
    .attr('aria-label', l10n.t('{0}: histogram of {1} finite values from {2} to {3}', title, h.counts.reduce((a, b) => a + b, 0), statistic(h.lo), statistic(h.hi)));
  svg
    .selectAll('rect')
    .data(layoutBars(h))
    .join('rect')
    .attr('class', 'bar')
    .attr('x', (b) => b.x)
    .attr('y', (b) => b.y)
    .attr('width', (b) => b.width)
    .attr('height', (b) => b.height)
    .append('title')
    .text((b) => `[${statistic(b.from)}, ${statistic(b.to)}${b.to === h.hi ? ']' : ')'}: ${b.count}`);
  svg.append('line').attr('class', 'axis').attr('x1', 0).attr('x2', WIDTH).attr('y1', HEIGHT - AXIS).attr('y2', HEIGHT - AXIS);
  const label = (x: number, text: string, anchor: string): void => {
    svg.append('text').attr('class', 'axis-label').attr('x', x).attr('y', HEIGHT - 3).attr('text-anchor', anchor).text(text);
  };
  label(0, statistic(h.lo), 'start');
  label(WIDTH, statistic(h.hi), 'end');
  if (h.lo < 0 && h.hi > 0) {
    const zero = ((0 - h.lo) / (h.hi - h.lo)) * WIDTH;
    svg.append('line').attr('class', 'zero').attr('x1', zero).attr('x2', zero).attr('y1', 0).attr('y2', HEIGHT - AXIS);
    if (zero > 60 && zero < WIDTH - 60) label(zero, '0', 'middle');
  }
  return svg.node() as SVGSVGElement;
}
