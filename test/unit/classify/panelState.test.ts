// The results panel's saved webview state (restored by the serializer after a window reload):
// the shape validator rejects what is not a run, and the restore keeps only absolute, existing
// image folders, rebuilds thumbnails for images inside them and marks an interrupted run.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseClassifyPanelState, parseResultSort, type ClassifyPanelState } from '../../../shared/protocol/classify';
import { imageFolders, insideRoots, interruptedMessage, restorableRoots, restoreRun } from '../../../extension/classify/restoreState';

const dir = join(tmpdir(), 'bl-state-images');

function goodState(): ClassifyPanelState {
  return {
    version: 1,
    info: { model: 'resnet50', inspectable: true, weights: null, untrained: true, provider: 'cpu', providerNote: null, transform: null, topK: 2 },
    rows: [
      { seq: 0, image: join(dir, 'a.jpg'), name: 'a.jpg', thumb: 'https://file+.vscode-resource.vscode-cdn.net/a.jpg', top: [{ index: 1, label: 'goldfish', prob: 0.75 }, { index: 0, label: 'tench', prob: 0.25 }], ms: 12.5 },
      { seq: 1, image: join(dir, 'b.tiff'), name: 'b.tiff', thumb: null, top: [{ index: 2, label: 'shark', prob: 1 }], ms: 3 },
    ],
    errors: [{ image: join(dir, 'corrupt.png'), name: 'corrupt.png', message: 'cannot decode' }],
    status: { state: 'done', done: 3, total: 3, elapsedMs: 1234 },
    roots: [dir],
    sort: { key: 'prob', desc: true },
  };
}

/** A deep copy of the good state with `edit` applied (deliberately ill-typed values: untyped). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = Record<string, any>;
function bad(edit: (s: Untyped) => void): unknown {
  const s = JSON.parse(JSON.stringify(goodState())) as Untyped;
  edit(s);
  return s;
}

describe('results panel state: validator', () => {
  it('accepts a saved run and returns a copy without extra fields', () => {
    const s = goodState();
    const withExtra = { ...s, extra: 1, info: { ...s.info, evil: '<script>' } };
    assert.deepEqual(parseClassifyPanelState(withExtra), s);
    const parsed = parseClassifyPanelState(s)!;
    assert.notEqual(parsed.rows, s.rows);
  });

  it('accepts a run with weights, a provider note, a message and no rows', () => {
    const s = bad((x) => {
      x.info = { model: 'resnet18_tiny', inspectable: false, weights: '/w/model.onnx', untrained: false, provider: null, providerNote: 'auto chose the CPU', topK: 5 };
      x.rows = [];
      x.status = { state: 'failed', done: 0, total: 4, elapsedMs: 10, message: 'worker exited' };
    });
    assert.ok(parseClassifyPanelState(s));
  });

  it('falls back to the run order when only the sort is bad', () => {
    assert.deepEqual(parseClassifyPanelState(bad((x) => (x.sort = { key: 'constructor', desc: true })))?.sort, { key: 'seq', desc: false });
    assert.deepEqual(parseClassifyPanelState(bad((x) => delete x.sort))?.sort, { key: 'seq', desc: false });
    assert.deepEqual(parseResultSort({ key: 'ms', desc: false }), { key: 'ms', desc: false });
    assert.equal(parseResultSort({ key: 'ms', desc: 'yes' }), undefined);
  });

  it('rejects anything that is not a saved run', () => {
    const cases: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ['a string', 'state'],
      ['an array', [goodState()]],
      ['the old sort-only state', { sort: { key: 'seq', desc: false } }],
      ['another version', bad((x) => (x.version = 2))],
      ['no info', bad((x) => delete x.info)],
      ['an empty model', bad((x) => (x.info.model = ''))],
      ['untrained with a weights file', bad((x) => (x.info.weights = '/w.pth'))],
      ['trained without weights', bad((x) => (x.info.untrained = false))],
      ['topK 0', bad((x) => (x.info.topK = 0))],
      ['topK 1.5', bad((x) => (x.info.topK = 1.5))],
      ['more classes than topK', bad((x) => (x.info.topK = 1))],
      ['a provider that is a number', bad((x) => (x.info.provider = 3))],
      ['rows that are not an array', bad((x) => (x.rows = { 0: x.rows[0] }))],
      ['a row without an image', bad((x) => (x.rows[0].image = ''))],
      ['a negative seq', bad((x) => (x.rows[0].seq = -1))],
      ['a probability above 1', bad((x) => (x.rows[0].top[0].prob = 1.5))],
      ['a NaN probability', bad((x) => (x.rows[0].top[0].prob = Number.NaN))],
      ['a negative time', bad((x) => (x.rows[0].ms = -1))],
      ['a thumb that is an object', bad((x) => (x.rows[0].thumb = { src: 'x' }))],
      ['a class label that is a number', bad((x) => (x.rows[0].top[0].label = 7))],
      ['an image path of 5000 characters', bad((x) => (x.rows[0].image = '/'.padEnd(5000, 'a')))],
      ['an error without a message', bad((x) => delete x.errors[0].message)],
      ['an unknown run state', bad((x) => (x.status.state = 'paused'))],
      ['a fractional count', bad((x) => (x.status.done = 2.5))],
      ['a status message that is a number', bad((x) => (x.status.message = 1))],
      ['roots that are not strings', bad((x) => (x.roots = [1]))],
      ['an empty root', bad((x) => (x.roots = ['']))],
      ['too many roots', bad((x) => (x.roots = Array.from({ length: 1001 }, (_, i) => `/r${i}`)))],
    ];
    for (const [what, v] of cases) assert.equal(parseClassifyPanelState(v), undefined, what);
  });
});

describe('results panel state: restore', () => {
  it('keeps only absolute paths of folders that exist, once each', () => {
    const real = mkdtempSync(join(tmpdir(), 'bl-roots-'));
    try {
      const isDir = (p: string): boolean => p === real || p === '/data';
      assert.deepEqual(restorableRoots([real, `${real}/`, 'relative/images', './x', join(real, 'gone'), '/data', '/data/../data'], isDir), [real, '/data']);
      const throws = (): boolean => {
        throw new Error('EACCES');
      };
      assert.deepEqual(restorableRoots([real], throws), []);
    } finally {
      rmSync(real, { recursive: true, force: true });
    }
  });

  it('reads only the folders of its images: a saved root of / or /etc is never one', () => {
    const s = goodState();
    s.roots = ['/', '/etc', dir];
    s.rows.push({ ...s.rows[0], seq: 2, image: '/etc/passwd', name: 'passwd' }, { ...s.rows[0], seq: 3, image: '/etc/gone.png', name: 'gone.png' });
    const files = new Set([join(dir, 'a.jpg'), '/etc/passwd']);
    const disk = { isDirectory: (p: string) => p === '/' || p === '/etc' || p === dir, isFile: (p: string) => files.has(p) };
    const run = restoreRun(s, disk, (f) => `webview:${f}`);
    assert.deepEqual(run.roots, [dir], 'not /, not /etc (passwd is no image, gone.png is gone)');
    assert.equal(run.rows.find((r) => r.image === '/etc/passwd')?.thumb, null);
    assert.deepEqual(imageFolders(['/'], ['/data/x/a.png', '/data/x/b.png', '/data/y/c.jpg'], { isDirectory: () => true, isFile: () => true }), ['/data/x', '/data/y']);
    assert.deepEqual(imageFolders(['/data'], ['relative/a.png', '/other/a.png'], { isDirectory: () => true, isFile: () => true }), [], 'outside every saved root, or not absolute');
  });

  it('knows which files lie inside the roots', () => {
    assert.ok(insideRoots('/data/a/b.png', ['/data']));
    assert.ok(insideRoots('/data/a/../b.png', ['/data']));
    assert.ok(!insideRoots('/data2/b.png', ['/data']));
    assert.ok(!insideRoots('/data/../etc/passwd', ['/data']));
    assert.ok(!insideRoots('data/b.png', ['/data']));
    assert.ok(insideRoots('/b.png', ['/']));
  });

  it('rebuilds thumbnails for images inside kept folders only, never from the state', () => {
    const s = goodState();
    s.rows[0].thumb = 'https://evil.example/a.jpg';
    const files = new Set([join(dir, 'a.jpg'), join(dir, 'b.tiff')]);
    const run = restoreRun(s, { isDirectory: (p) => p === dir, isFile: (p) => files.has(p) }, (f) => `webview:${f}`);
    assert.deepEqual(run.roots, [dir]);
    assert.equal(run.rows[0].thumb, `webview:${join(dir, 'a.jpg')}`);
    assert.equal(run.rows[1].thumb, null, 'a format the webview cannot show stays without a thumbnail');
    assert.deepEqual(run.rows.map((r) => r.top), s.rows.map((r) => r.top));
    assert.deepEqual(run.errors, s.errors);
    assert.deepEqual(run.info, s.info);
    assert.deepEqual(run.status, s.status);

    const gone = restoreRun(s, { isDirectory: () => false, isFile: () => false }, (f) => `webview:${f}`);
    assert.deepEqual(gone.roots, []);
    assert.equal(gone.rows[0].thumb, null, 'no thumbnail once its folder is gone');
    assert.equal(gone.rows.length, 2, 'the results themselves are kept');
  });

  it('shows a run that the reload interrupted as cancelled, with what was kept', () => {
    const s = goodState();
    s.status = { state: 'running', done: 2, total: 10, elapsedMs: 500 };
    const run = restoreRun(s, { isDirectory: () => true, isFile: () => true }, (f) => f);
    assert.equal(run.status.state, 'cancelled');
    assert.equal(run.status.message, interruptedMessage(2));
    assert.match(interruptedMessage(2), /the 2 results finished before it are kept/);
    assert.match(interruptedMessage(1), /the 1 result finished before it is kept/);
  });
});
