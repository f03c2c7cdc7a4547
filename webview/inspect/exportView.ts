// Export of the current view (the diagram at its current expansion, whole extent) as a
// self-contained SVG whose colours are the theme's resolved values, and as a PNG rasterized from
// that SVG in a canvas.
const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'display'] as const;

export function svgText(svg: SVGSVGElement, width: number, height: number): string {
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
  const margin = 16;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(width + 2 * margin)));
  clone.setAttribute('height', String(Math.ceil(height + 2 * margin)));
  clone.setAttribute('viewBox', `${-margin} ${-margin} ${Math.ceil(width + 2 * margin)} ${Math.ceil(height + 2 * margin)}`);
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
  clone.insertBefore(bg, clone.firstChild?.nextSibling ?? null);
  return new XMLSerializer().serializeToString(clone);
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
