#!/usr/bin/env node
// Diagram bench (headless Chromium, the built webview bundle in a standalone page with a fake
// acquireVsCodeApi). Prints, for resnet152 and densenet201, the time from the model's data
// reaching the webview (a `model` message dispatched to the page) to the first complete paint
// after it, collapsed and fully expanded, and the time of one expand and one collapse (click on a
// stage's toggle → next paint). Peer, measured in the same run: JSON.parse of the same message in
// the same page, so the figures can be read as ratios on any machine. No asserts: targets are
// < 300 ms for densenet201 fully expanded and < 50 ms per expand/collapse.
//   npm run build && node bench/diagram.mjs [--runs N]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, hostModule, modelData, writeHarness } from './diagramHarness.mjs';

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5;
if (!existsSync(join(REPO, 'dist', 'webview', 'inspect.js'))) {
  console.error('bench/diagram: build first (npm run build)');
  process.exit(1);
}

const host = await hostModule();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(id, expanded) {
  const data = modelData(host, id);
  const paths = expanded ? data.groups.map((g) => g.path).filter((p, i) => i > 0) : [];
  const first = [];
  const peer = [];
  const toggles = { expand: [], collapse: [] };
  let counts;
  for (let r = 0; r < RUNS; r++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(writeHarness({ state: { metric: 'macs', views: { main: { expanded: paths } } } }));
    await page.evaluate(() => window.__deliver({ type: 'catalog', presets: [] }));
    const res = await page.evaluate(async (msg) => {
      const text = JSON.stringify(msg);
      const p0 = performance.now();
      const copy = JSON.parse(text);
      const parse = performance.now() - p0;
      const t0 = performance.now();
      window.__deliver(copy);
      await window.__painted();
      const parts = Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, Math.round(m.duration)]));
      return { ms: performance.now() - t0, parts, parse, boxes: document.querySelectorAll('g.item').length, edges: document.querySelectorAll('path.edge').length };
    }, { type: 'model', slot: 'main', data });
    first.push(res.ms);
    peer.push(res.parse);
    counts = res;
    if (process.env.BENCH_VERBOSE) console.log(id, expanded, res.ms.toFixed(0), JSON.stringify(res.parts));
    if (!expanded) {
      // One expand and one collapse of the largest stage.
      const t = await page.evaluate(async () => {
        const click = (el) => el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        const stages = [...document.querySelectorAll('g.box.kind-stage')];
        const big = stages[2] ?? stages[0];
        const label = big.querySelector('text.title').textContent;
        let t0 = performance.now();
        click(big.querySelector('text.toggle'));
        await window.__painted();
        const expand = performance.now() - t0;
        const frame = [...document.querySelectorAll('g.frame.kind-stage')].find((f) => f.querySelector('text.frame-title').textContent.startsWith(label));
        t0 = performance.now();
        click(frame.querySelector('text.toggle'));
        await window.__painted();
        return { expand, collapse: performance.now() - t0 };
      });
      toggles.expand.push(t.expand);
      toggles.collapse.push(t.collapse);
    }
    await page.close();
  }
  return { id, expanded, first: median(first), peer: median(peer), boxes: counts.boxes, edges: counts.edges, expand: toggles.expand.length ? median(toggles.expand) : undefined, collapse: toggles.collapse.length ? median(toggles.collapse) : undefined };
}

console.log(`diagram bench: headless Chromium, ${RUNS} runs each, medians (ms); peer = JSON.parse of the same message in the page`);
for (const id of ['resnet152', 'densenet201']) {
  for (const expanded of [false, true]) {
    const r = await measure(id, expanded);
    const what = `${id} ${expanded ? 'fully expanded' : 'collapsed'}`.padEnd(28);
    let line = `${what} data → painted ${r.first.toFixed(1).padStart(7)}  (${r.boxes} boxes, ${r.edges} edge paths; ${(r.first / Math.max(r.peer, 0.01)).toFixed(0)}× JSON.parse ${r.peer.toFixed(1)})`;
    if (r.expand !== undefined) line += `\n${''.padEnd(28)} expand stage 3 ${r.expand.toFixed(1).padStart(6)}   collapse it ${r.collapse.toFixed(1).padStart(6)}`;
    console.log(line);
  }
}
await browser.close();
