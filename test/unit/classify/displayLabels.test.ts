// The results panel's class names in the display language: the host adds a displayLabel in
// zh-cn (validated like the rest of the page protocol), the page shows it, and exports, the
// summary and a restored panel keep the English label (a restore shows today's language).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDisplayLabels, withoutDisplayLabels } from '../../../extension/classify/displayLabels';
import { resultsCsv, resultsJson } from '../../../extension/classify/exportResults';
import { restoreRun } from '../../../extension/classify/restoreState';
import { parseClassifyPanelState, type ClassifyPanelState, type ImageRow, type RunInfo } from '../../../shared/protocol/classify';
import { shownLabel, sortRows } from '../../../webview/classify/view';

const top = [{ index: 1, label: 'goldfish', prob: 0.75 }, { index: 0, label: 'tench', prob: 0.2 }, { index: 7, label: 'class 7', prob: 0.05 }];
const info: RunInfo = { model: 'resnet50', inspectable: true, weights: '/w/resnet50.pth', untrained: false, provider: 'cpu', providerNote: null, transform: null, topK: 3 };
const row = (seq: number, t: typeof top): ImageRow => ({ seq, image: `/img/${seq}.png`, name: `${seq}.png`, thumb: null, top: t, ms: 1 });

test('zh-cn: the host adds "Chinese (English)" where ImageNet names the class; English adds nothing', () => {
  assert.deepEqual(withDisplayLabels(top, 'zh-cn'), [
    { index: 1, label: 'goldfish', prob: 0.75, displayLabel: '金鱼 (goldfish)' },
    { index: 0, label: 'tench', prob: 0.2, displayLabel: '丁鲷 (tench)' },
    { index: 7, label: 'class 7', prob: 0.05 },
  ]);
  assert.deepEqual(withDisplayLabels(top, 'en'), top);
  assert.deepEqual(withDisplayLabels(withDisplayLabels(top, 'zh-cn'), 'en'), top);
  assert.deepEqual(withoutDisplayLabels(withDisplayLabels(top, 'zh-cn')), top);
});

test('the page shows the display label, and sorts by what it shows', () => {
  const zh = withDisplayLabels(top, 'zh-cn');
  assert.deepEqual(zh.map(shownLabel), ['金鱼 (goldfish)', '丁鲷 (tench)', 'class 7']);
  assert.deepEqual(top.map(shownLabel), ['goldfish', 'tench', 'class 7']);
  // goldfish < tench, but 丁鲷 (U+4E01) < 金鱼 (U+91D1).
  const sorted = (language: string): number[] => sortRows([row(0, withDisplayLabels([top[0]], language)), row(1, withDisplayLabels([top[1]], language))], { key: 'label', desc: false }).map((r) => r.seq);
  assert.deepEqual(sorted('en'), [0, 1]);
  assert.deepEqual(sorted('zh-cn'), [1, 0]);
});

test('exports carry the English labels only', () => {
  const rows = [row(0, withDisplayLabels(top, 'zh-cn'))];
  const j = JSON.parse(resultsJson(info, rows, []));
  assert.deepEqual(j.results[0].top, top);
  const csv = resultsCsv(info, rows, []);
  assert.ok(csv.includes(',goldfish,1,0.75,tench,0,0.2,class 7,7,0.05,'), csv);
  assert.ok(!/[\u4e00-\u9fff]/.test(csv + JSON.stringify(j)), 'no Chinese in the exports');
});

test('the page protocol keeps a display label; a restored panel shows today\'s language', () => {
  const state: ClassifyPanelState = { version: 1, info, rows: [row(0, withDisplayLabels(top, 'zh-cn'))], errors: [], status: { state: 'done', done: 1, total: 1, elapsedMs: 5 }, roots: [], sort: { key: 'seq', desc: false } };
  const parsed = parseClassifyPanelState(JSON.parse(JSON.stringify(state)));
  assert.deepEqual(parsed?.rows[0].top, withDisplayLabels(top, 'zh-cn'));
  assert.equal(parseClassifyPanelState({ ...state, rows: [row(0, [{ ...top[0], displayLabel: 'x'.repeat(201) } as (typeof top)[0]])] }), undefined);
  const disk = { isDirectory: () => false, isFile: () => false };
  assert.deepEqual(restoreRun(parsed!, disk, (f) => f, 'en').rows[0].top, top);
  assert.deepEqual(restoreRun(parsed!, disk, (f) => f).rows[0].top, top);
  assert.deepEqual(restoreRun(parseClassifyPanelState({ ...state, rows: [row(0, top)] })!, disk, (f) => f, 'zh-cn').rows[0].top, withDisplayLabels(top, 'zh-cn'));
});
