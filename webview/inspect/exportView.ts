// Export of the current view (the diagram at its current expansion, whole extent) as a
// self-contained SVG whose colours are the theme's resolved values, and as a PNG rasterized from
// that SVG in a canvas.
const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'display'] as const;

/** What an exported image says above the diagram: a title, the totals, and the colour legend. */
export interface ExportCaption {
  lines: string[];
  legend: Array<{ label: string; colour: string }>;
}

/** Height of the caption, diagram units: a line per text line and one for the legend. */
const LINE = 18;

export function svgText(svg: SVGSVGElement, width: number, height: number, caption?: ExportCaption): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  // Copy computed styles (CSS variables resolve only inside the webview) element by element.
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((s, i) => {
    const cs = getComputedStyle(s);
    const d = dst[i] as SVGElement;
    d.removeAttribute('class');
    for (const p of STYLE_PROPS) d.style.setProperty(p, cs.getPropertyValue(p));
  });
  // The expand/collapse glyphs are controls, not content (classes are gone by now: match the glyph).
  for (const t of [...clone.querySelectorAll('text')]) if (t.textContent === '+' || t.textContent === '−') t.remove();
  const margin = 16;
  const top = caption ? (caption.lines.length + (caption.legend.length ? 1 : 0)) * LINE + 8 : 0;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(width + 2 * margin)));
  clone.setAttribute('height', String(Math.ceil(height + 2 * margin + top)));
  clone.setAttribute('viewBox', `${-margin} ${-margin - top} ${Math.ceil(width + 2 * margin)} ${Math.ceil(height + 2 * margin + top)}`);
  clone.removeAttribute('tabindex');
  clone.style.setProperty('background', getComputedStyle(document.body).getPropertyValue('background-color'));
  const viewport = clone.querySelector('g.viewport') ?? clone.querySelector('g');
  viewport?.removeAttribute('transform');
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('x', String(-margin));
  bg.setAttribute('y', String(-margin));
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.style.setProperty('fill', getComputedStyle(document.body).getPropertyValue('background-color'));
  bg.setAttribute('y', String(-margin - top));
  clone.insertBefore(bg, clone.firstChild?.nextSibling ?? null);
  if (caption) clone.append(captionGroup(caption, -top));
  return new XMLSerializer().serializeToString(clone);
}

function captionGroup(c: ExportCaption, y0: number): SVGGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const fg = getComputedStyle(document.body).getPropertyValue('color');
  const font = getComputedStyle(document.body).getPropertyValue('font-family');
  const g = document.createElementNS(ns, 'g');
  const text = (x: number, y: number, s: string, size: number, weight = 'normal') => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.style.setProperty('fill', fg);
    t.style.setProperty('font-family', font);
    t.style.setProperty('font-size', `${size}px`);
    t.style.setProperty('font-weight', weight);
    t.textContent = s;
    g.append(t);
  };
  c.lines.forEach((line, i) => text(0, y0 + LINE * (i + 1) - 4, line, i === 0 ? 15 : 12, i === 0 ? '700' : 'normal'));
  let x = 0;
  const y = y0 + LINE * (c.lines.length + 1) - 4;
  for (const item of c.legend) {
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', String(y - 10));
    r.setAttribute('width', '14');
    r.setAttribute('height', '10');
    r.style.setProperty('fill', item.colour);
    r.style.setProperty('stroke', fg);
    r.style.setProperty('stroke-width', '0.5');
    g.append(r);
    text(x + 18, y, item.label, 11);
    x += 18 + item.label.length * 6.5 + 14;
  }
  return g;
}

/** Largest side of the PNG in pixels (canvas limits). */
const MAX_SIDE = 16000;

export async function pngBase64(svg: string, width: number, height: number): Promise<string> {
  const scale = Math.min(2, MAX_SIDE / (width + 32), MAX_SIDE / (height + 32));
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be rasterized'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}
