// The Classify Image results page: a card per image (thumbnail, top-k with probability bars,
// model, weights, provider and time) for a few images, a sortable table for many; export and
// Inspect Model buttons. The host sends everything; the page only draws it, and keeps the run
// with setState so that the serializer can restore the panel after a window reload.
// First: configures the translations before any module below renders a string.
import * as l10n from '@vscode/l10n';
import '../l10n';
import { parseResultSort, resultsHostAnswers, resultsPageServes, type ClassifyPanelState, type ErrorRow, type ImageRow, type ResultsHostApi, type ResultsPageApi, type RunInfo, type RunStatus } from '../../shared/protocol/classify';
import { connectToHost, vscodeApi } from '../hostPeer';
import { button, registerToolkit } from '../toolkit';
import { camSection, camToolbar, resetCamFigures, watchTheme } from './camOverlay';
import { baseName, CARD_LIMIT, duration, percent, shownLabel, sortRows, type Sort, type SortKey } from './view';

const vscode = vscodeApi();
const host = connectToHost<ResultsPageApi, ResultsHostApi>(resultsPageServes, resultsHostAnswers);

let info: RunInfo | undefined;
let rows: ImageRow[] = [];
let errors: ErrorRow[] = [];
let status: RunStatus | undefined;
let roots: string[] = [];
let note = '';
const saved = vscode.getState();
let sort: Sort = parseResultSort(typeof saved === 'object' && saved !== null ? (saved as { sort?: unknown }).sort : undefined) ?? { key: 'seq', desc: false };

/** Everything needed to redraw this run after a reload (the host validates it when it comes back). */
function saveState(): void {
  if (!info || !status) return;
  const state: ClassifyPanelState = { version: 1, info, rows, errors, status, roots, sort };
  vscode.setState(state);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Longer side of a CAM overlay, CSS pixels: in a card, and in a table row. */
const CAM_CARD_PX = 224;
const CAM_ROW_PX = 96;

/** A line in the header's status note (export outcomes, CAM notes). */
function say(message: string): void {
  note = message;
  const n = document.getElementById('export-note');
  if (n) n.textContent = note;
}

/** Runs a request to the host; its status text (or why it failed) goes to the note. */
function ask(request: Promise<{ message: string | null } | null>): void {
  request.then(
    (r) => {
      if (r?.message) say(r.message);
    },
    (e: unknown) => say(e instanceof Error ? e.message : String(e)),
  );
}

const saveCam = (p: { image: string; class: number; png: string }): void => ask(host.request('saveCamPng', p));

function thumb(r: ImageRow, size: 'small' | 'large'): HTMLElement {
  const box = el('div', `thumb ${size}`);
  if (r.thumb) {
    const img = el('img');
    img.alt = r.name;
    img.loading = 'lazy';
    img.decoding = 'async';
    img.addEventListener('error', () => box.replaceChildren(el('span', 'no-thumb', 'no preview')));
    img.src = r.thumb;
    box.appendChild(img);
  } else box.appendChild(el('span', 'no-thumb', l10n.t('no preview')));
  return box;
}

function imageLink(r: { image: string; name: string }): HTMLElement {
  const a = el('a', 'image-link', r.name);
  a.href = '#';
  a.title = l10n.t('Open {0}', r.image);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    ask(host.request('openImage', { image: r.image }));
  });
  return a;
}

function providerText(i: RunInfo): string {
  if (i.provider) return i.provider;
  return status?.state === 'running' ? l10n.t('starting…') : l10n.t('no provider started');
}

/** Mean inference time per classified image, ms (each row carries its chunk's per-image time). */
function perImageMs(): number {
  return rows.length === 0 ? 0 : rows.reduce((t, r) => t + r.ms, 0) / rows.length;
}

function header(i: RunInfo, s: RunStatus): HTMLElement {
  const h = el('header', 'header');
  const title = el('div', 'title');
  title.appendChild(el('span', 'model', i.model));
  if (i.untrained) title.appendChild(el('span', 'badge untrained', l10n.t('untrained')));
  title.appendChild(el('span', 'muted', ` ${l10n.t('on {0}', providerText(i))}`));
  h.appendChild(title);
  const meta = el('div', 'meta');
  meta.appendChild(el('span', undefined, l10n.t('weights: {0}', i.weights ?? l10n.t('random (untrained)'))));
  if (i.transform) meta.appendChild(el('span', 'transform', l10n.t('transform: {0}', i.transform)));
  h.appendChild(meta);
  if (i.providerNote) h.appendChild(el('div', 'note', i.providerNote));
  if (i.untrained) h.appendChild(el('div', 'warning', l10n.t('Random weights (untrained): these classes and probabilities are meaningless.')));
  const line = el('div', `status ${s.state}`);
  line.id = 'status';
  const what = { running: l10n.t('Classifying'), done: l10n.t('Done'), cancelled: l10n.t('Cancelled'), failed: l10n.t('Failed') }[s.state];
  const elapsed = duration(s.elapsedMs);
  const classified = s.total === 1 ? l10n.t('{0} of 1 image classified', rows.length) : l10n.t('{0} of {1} images classified', rows.length, s.total);
  const counts = errors.length === 0 ? `${classified}, ${elapsed}` : errors.length === 1 ? l10n.t('{0}, 1 error, {1}', classified, elapsed) : l10n.t('{0}, {1} errors, {2}', classified, errors.length, elapsed);
  // A failed run leads with why; the counts follow.
  line.textContent = s.state === 'failed' ? l10n.t('Failed: {0} ({1})', s.message ?? l10n.t('the run stopped'), counts) : `${what}: ${counts}${s.message ? ` — ${s.message}` : ''}`;
  h.appendChild(line);
  if (i.prepareMs !== undefined) h.appendChild(el('div', 'meta timing', l10n.t('model preparation {0} (once) · inference {1} per image', duration(i.prepareMs), duration(perImageMs()))));
  const actions = el('div', 'actions');
  const nothing = rows.length === 0 && errors.length === 0;
  actions.append(
    button(l10n.t('Inspect model'), { secondary: true, title: l10n.t('Open the block diagram of {0}', i.model), onClick: () => ask(host.request('inspectModel', {})) }),
    button(l10n.t('Export CSV…'), { secondary: true, onClick: () => ask(host.request('export', { format: 'csv', target: 'file' })) }),
    button(l10n.t('Export JSON…'), { secondary: true, onClick: () => ask(host.request('export', { format: 'json', target: 'file' })) }),
    button(l10n.t('Copy CSV'), { secondary: true, onClick: () => ask(host.request('export', { format: 'csv', target: 'clipboard' })) }),
    button(l10n.t('Copy JSON'), { secondary: true, onClick: () => ask(host.request('export', { format: 'json', target: 'clipboard' })) }),
  );
  // Nothing to export yet (or a run that failed before any image): the exports are off.
  for (const b of [...actions.children].slice(1)) b.toggleAttribute('disabled', nothing);
  h.appendChild(actions);
  h.appendChild(camToolbar(i, render));
  const n = el('div', 'export-note', note);
  n.id = 'export-note';
  n.setAttribute('role', 'status');
  h.appendChild(n);
  return h;
}

function bars(r: ImageRow): HTMLElement {
  const list = el('ol', 'topk');
  for (const t of r.top) {
    const li = el('li', 'class-row');
    li.title = l10n.t('class {0}: {1} — {2} %', t.index, shownLabel(t), (t.prob * 100).toFixed(4));
    const label = el('span', 'label', shownLabel(t));
    const value = el('span', 'prob', percent(t.prob));
    const track = el('span', 'track');
    const bar = el('span', 'bar');
    bar.style.width = `${Math.max(0, Math.min(100, t.prob * 100)).toFixed(2)}%`;
    track.appendChild(bar);
    li.append(label, value, track);
    list.appendChild(li);
  }
  return list;
}

function card(r: ImageRow, i: RunInfo): HTMLElement {
  const c = el('article', 'card');
  c.dataset.image = r.image;
  c.appendChild(thumb(r, 'large'));
  const body = el('div', 'card-body');
  body.appendChild(imageLink(r));
  body.appendChild(bars(r));
  body.appendChild(el('div', 'card-foot', `${i.untrained ? l10n.t('{0} (untrained)', i.model) : i.model} · ${i.weights ? baseName(i.weights) : l10n.t('random weights')} · ${providerText(i)} · ${l10n.t('{0} per image', duration(r.ms))}`));
  c.appendChild(body);
  const cam = camSection(r, i, CAM_CARD_PX, render, saveCam, say);
  if (cam) c.appendChild(cam);
  return c;
}

function table(sorted: readonly ImageRow[], i: RunInfo): HTMLElement {
  const t = el('table', 'results');
  const head = el('thead');
  const tr = el('tr');
  const cols: { key: SortKey | null; label: string; cls?: string }[] = [
    { key: 'seq', label: '#', cls: 'num' },
    { key: null, label: '' },
    { key: 'name', label: l10n.t('Image') },
    { key: 'label', label: l10n.t('Top class') },
    { key: 'prob', label: l10n.t('Probability'), cls: 'num' },
    // The top class has its own columns: this one holds the next ones (2 to k).
    ...(i.topK > 1 ? [{ key: null, label: i.topK === 2 ? l10n.t('Second class') : l10n.t('Classes 2–{0}', i.topK) }] : []),
    { key: 'ms', label: l10n.t('Time / image'), cls: 'num' },
    { key: null, label: 'CAM' },
  ];
  for (const col of cols) {
    const th = el('th', col.cls);
    if (col.key) {
      const key = col.key;
      const b = el('button', 'sort', col.label + (sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''));
      b.title = l10n.t('Sort by {0}', col.label);
      th.setAttribute('aria-sort', sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none');
      b.addEventListener('click', () => {
        sort = { key, desc: sort.key === key ? !sort.desc : key === 'prob' || key === 'ms' };
        render();
      });
      th.appendChild(b);
    } else th.textContent = col.label;
    tr.appendChild(th);
  }
  head.appendChild(tr);
  t.appendChild(head);
  const body = el('tbody');
  for (const r of sorted) {
    const row = el('tr');
    row.dataset.image = r.image;
    const top = r.top[0];
    const cells = [
      el('td', 'num', String(r.seq + 1)),
      el('td'),
      el('td', 'name'),
      el('td', 'label', top ? shownLabel(top) : ''),
      el('td', 'num', top ? percent(top.prob) : ''),
      ...(i.topK > 1 ? [el('td', 'rest', r.top.slice(1).map((c) => `${shownLabel(c)} ${percent(c.prob)}`).join(' · '))] : []),
      el('td', 'num', duration(r.ms)),
      el('td', 'cam-cell'),
    ];
    const cam = camSection(r, i, CAM_ROW_PX, render, saveCam, say);
    if (cam) cells[cells.length - 1].appendChild(cam);
    cells[1].appendChild(thumb(r, 'small'));
    cells[2].appendChild(imageLink(r));
    row.append(...cells);
    body.appendChild(row);
  }
  t.appendChild(body);
  return t;
}

function render(): void {
  const app = document.getElementById('app');
  if (!app || !info || !status) return;
  saveState();
  resetCamFigures();
  app.removeAttribute('aria-busy');
  const parts: HTMLElement[] = [header(info, status)];
  if (rows.length > 0) {
    if (rows.length <= CARD_LIMIT) {
      const grid = el('section', 'cards');
      for (const r of rows) grid.appendChild(card(r, info));
      parts.push(grid);
    } else parts.push(table(sortRows(rows, sort), info));
  } else if (status.state === 'running') parts.push(el('p', 'muted', l10n.t('Waiting for the first results…')));
  if (errors.length > 0) {
    const sec = el('section', 'errors');
    sec.appendChild(el('h2', undefined, l10n.t('Could not classify ({0})', errors.length)));
    const ul = el('ul');
    for (const e of errors) {
      const li = el('li');
      li.append(imageLink(e), el('span', 'error-text', `: ${e.message}`));
      ul.appendChild(li);
    }
    sec.appendChild(ul);
    parts.push(sec);
  }
  app.replaceChildren(...parts);
}

let pending = false;
/** Coalesces bursts of messages into one render per frame. */
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    render();
  });
}

host.on('snapshot', (m) => {
  info = m.info;
  rows = m.rows;
  errors = m.errors;
  status = m.status;
  roots = m.roots;
  schedule();
});
host.on('append', (m) => {
  info = m.info;
  rows = rows.concat(m.rows);
  errors = errors.concat(m.errors);
  status = m.status;
  schedule();
});

registerToolkit();
watchTheme();
host.notify('ready', {});
