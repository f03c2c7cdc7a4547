// The CAM overlay's pure parts: where the crop, a cell and a receptive-field box lie on the
// image (resize + centre crop), the diverging colour scale, the host↔webview CAM validators
// and the lens the host sends (the engine's boxes of the feature map's cells).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { camLensOf, imageCamsOf, runCamOf } from '../../../extension/classify/camLens';
import { parseClassifyPanelState } from '../../../shared/protocol/classify';
import { parseOrUndefined } from '../../../shared/validate';
import { pngBytes } from '../../../extension/classify/pngBytes';
import { parseImageCams, parseRunCam, saveCamPngSchema, type CamGeometryData, type ImageCams } from '../../../shared/protocol/classifyCam';

const parseSaveCamPng = (m: unknown) => parseOrUndefined(saveCamPngSchema, m);
import { cropGeometry } from '../../../inference/preprocess';
import { DEFAULT_PREPROCESSING, networkInput, preprocessingFor, resolveId } from '../../../models';
import { boxToImage, camRange, camRgba, cellAt, cellRect, cropRect, parseCssColour, viewRect } from '../../../webview/classify/camGeometry';

// A 400 × 300 image under torchvision's transform (shorter side → 256, centre crop 224).
const p = resolveId('resnet50').preset!.preprocessing;
const g0 = cropGeometry(400, 300, p, [224, 224]);
const geometry: CamGeometryData = { image: [400, 300], resized: [g0.resized[0], g0.resized[1]], left: g0.left, top: g0.top, input: [224, 224] };

describe('CAM geometry', () => {
  it('the crop: resized 341 × 256, cropped at (58, 16), is 262 × 262 image pixels at (68, 18.75)', () => {
    assert.deepEqual(geometry.resized, [341, 256]);
    assert.deepEqual([geometry.left, geometry.top], [58, 16]);
    const c = cropRect(geometry);
    assert.ok(Math.abs(c.x - (58 * 400) / 341) < 1e-9 && Math.abs(c.y - 16 * (300 / 256)) < 1e-9);
    assert.ok(Math.abs(c.w - (224 * 400) / 341) < 1e-9 && Math.abs(c.h - 224 * (300 / 256)) < 1e-9);
    assert.deepEqual(viewRect(geometry, 'crop'), c);
    assert.deepEqual(viewRect(geometry, 'image'), { x: 0, y: 0, w: 400, h: 300 });
  });
  it('a box is clipped to the crop and mapped through the resize; a box outside it is undefined', () => {
    const b = boxToImage([-213, -213, 214, 214], geometry) as { x: number; y: number; w: number; h: number };
    const c = cropRect(geometry);
    assert.ok(Math.abs(b.x - c.x) < 1e-9 && Math.abs(b.y - c.y) < 1e-9);
    assert.ok(Math.abs(b.w - (214 * 400) / 341) < 1e-9);
    assert.equal(boxToImage([230, 0, 240, 10], geometry), undefined);
  });
  it('cells tile the crop; cellAt inverts cellRect and is undefined outside the crop', () => {
    const grid: [number, number] = [7, 7];
    for (const [r, col] of [[0, 0], [3, 4], [6, 6]] as const) {
      const t = cellRect(geometry, grid, r, col);
      assert.deepEqual(cellAt(geometry, grid, t.x + t.w / 2, t.y + t.h / 2), [r, col]);
    }
    assert.equal(cellAt(geometry, grid, 1, 1), undefined);
    assert.equal(cellAt(geometry, grid, 399, 150), undefined);
  });
  it('an image smaller than the crop is padded: the whole-image view reaches past it', () => {
    const small = cropGeometry(100, 50, { ...p, cropPct: 1 }, [224, 224]);
    const g: CamGeometryData = { image: [100, 50], resized: [small.resized[0], small.resized[1]], left: small.left, top: small.top, input: [224, 224] };
    const v = viewRect(g, 'image');
    assert.ok(v.x <= 0 && v.x + v.w >= 100 && v.h >= cropRect(g).h);
  });
});

describe('CAM colours', () => {
  it('diverging around 0: sign picks the colour, |v| / max |v| × opacity the alpha', () => {
    const pos: [number, number, number] = [255, 0, 0];
    const neg: [number, number, number] = [0, 0, 255];
    assert.deepEqual(camRgba(4, 4, pos, neg, 1), [255, 0, 0, 255]);
    assert.deepEqual(camRgba(-2, 4, pos, neg, 1), [0, 0, 255, 128]);
    assert.deepEqual(camRgba(0, 4, pos, neg, 0.5), [255, 0, 0, 0]);
    assert.deepEqual(camRgba(3, 0, pos, neg, 1)[3], 0);
    assert.deepEqual(camRange([-3, 1, 2]), { min: -3, max: 2, maxAbs: 3 });
  });
  it('reads the theme colours the workbench sets', () => {
    assert.deepEqual(parseCssColour('#f14c4c'), [241, 76, 76]);
    assert.deepEqual(parseCssColour(' #fff '), [255, 255, 255]);
    assert.deepEqual(parseCssColour('#3794ffcc'), [55, 148, 255]);
    assert.deepEqual(parseCssColour('rgba(1, 2, 3, 0.5)'), [1, 2, 3]);
    assert.equal(parseCssColour('red'), undefined);
  });
});

const cams = (): ImageCams => ({ grid: [2, 2], maps: [{ class: 7, values: [1, -2, 3, 0.5] }], geometry: structuredClone(geometry) });

describe('CAM protocol', () => {
  it('image maps: a good one passes; wrong value counts, non-finite values, huge grids fail', () => {
    assert.deepEqual(parseImageCams(cams()), cams());
    assert.equal(parseImageCams({ ...cams(), maps: [{ class: 7, values: [1, 2, 3] }] }), undefined);
    assert.equal(parseImageCams({ ...cams(), maps: [{ class: 7, values: [1, 2, 3, null] }] }), undefined);
    assert.equal(parseImageCams({ ...cams(), grid: [5000, 5000] }), undefined);
    assert.equal(parseImageCams({ ...cams(), geometry: { ...geometry, image: [0, 10] } }), undefined);
  });
  it('run availability: unavailable needs its reason; a lens must have boxes of four integers', () => {
    assert.deepEqual(parseRunCam({ available: false, reason: 'no head' }), { available: false, reason: 'no head' });
    assert.equal(parseRunCam({ available: false }), undefined);
    assert.deepEqual(parseRunCam({ available: true }), { available: true });
    const lens = { global: false, node: 'layer4', size: 427, min: 11, stride: 32, cells: [{ box: [-213, -213, 214, 214], smallest: [-5, -5, 6, 6] }] };
    assert.deepEqual(parseRunCam({ available: true, lens }), { available: true, lens });
    assert.equal(parseRunCam({ available: true, lens: { ...lens, cells: [{ box: [0, 0, 1], smallest: [0, 0, 1, 1] }] } }), undefined);
  });
  it('the saved panel state keeps the maps and rejects bad ones', () => {
    const state = {
      version: 1,
      info: { model: 'resnet50', inspectable: true, weights: null, untrained: true, provider: 'cpu', providerNote: null, topK: 1, cam: { available: true } },
      rows: [{ seq: 0, image: '/a.png', name: 'a.png', thumb: null, top: [{ index: 7, label: 'x', prob: 1 }], ms: 1, cams: cams() }],
      errors: [],
      status: { state: 'done', done: 1, total: 1, elapsedMs: 1 },
      roots: [],
      sort: { key: 'seq', desc: false },
    };
    assert.deepEqual(parseClassifyPanelState(state)?.rows[0].cams, cams());
    assert.equal(parseClassifyPanelState({ ...state, rows: [{ ...state.rows[0], cams: { grid: [2, 2] } }] }), undefined);
    assert.equal(parseClassifyPanelState({ ...state, info: { ...state.info, cam: { available: 'yes' } } }), undefined);
  });
  it('saveCamPng: only a base64 PNG data URL for an image path; pngBytes checks the signature', () => {
    const png = `data:image/png;base64,${btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))}`;
    const m = parseSaveCamPng({ image: '/a.png', class: 3, png });
    assert.ok(m);
    assert.equal(pngBytes(m)?.length, 12);
    const notPng = parseSaveCamPng({ image: '/a.png', class: 3, png: `data:image/png;base64,${btoa('GIF89a-------')}` });
    assert.ok(notPng);
    assert.equal(pngBytes(notPng), undefined);
    assert.equal(parseSaveCamPng({ image: '/a.png', class: 3, png: 'data:text/html;base64,PGI+' }), undefined);
    assert.equal(parseSaveCamPng({ image: '/a.png', class: -1, png }), undefined);
    assert.equal(parseSaveCamPng({ image: '', class: 3, png }), undefined);
  });
});

describe('CAM lens (host)', () => {
  it('resnet50: 49 cells of the feature map with the engine boxes; seresnet50 is global with the reason', () => {
    const lens = camLensOf(resolveId('resnet50'), [224, 224]);
    assert.ok(!lens.global);
    assert.equal(lens.cells.length, 49);
    assert.deepEqual(lens.cells[24], { box: [-117, -117, 310, 310], smallest: [91, 91, 102, 102] });
    const se = camLensOf(resolveId('seresnet50'), [224, 224]);
    assert.ok(se.global && /global-context gate/.test(se.reason));
  });
  it('is computed at the network input of the weights that ran, not at the preset default', () => {
    // resnet101d's default (ra2) weights run at 256; its gluon weights, found by their timm hub folder, at 224.
    const spec = resolveId('resnet101d');
    const cells = (input: readonly [number, number]): number => {
      const lens = camLensOf(spec, input);
      return lens.global ? 0 : lens.cells.length;
    };
    assert.deepEqual(spec.inputSize, [256, 256]);
    assert.equal(cells(networkInput(spec, preprocessingFor(spec))), 8 * 8);
    const gluon = networkInput(spec, preprocessingFor(spec, '/hub/models--timm--resnet101d.gluon_in1k/model.safetensors'));
    assert.deepEqual(gluon, [224, 224]);
    assert.equal(cells(gluon), 7 * 7);
  });
  it('a run without CAM says why; a result row keeps its maps and geometry', () => {
    const base = { model: 'm', provider: 'cpu' as const, preprocessing: DEFAULT_PREPROCESSING, results: [], errors: [], fallbacks: [], precision: 'fp32' as const, timing: { prepare_ms: 0, session_ms: 0, inference_ms: 0, per_image_ms: 0 } };
    assert.deepEqual(runCamOf({ ...base, camUnavailable: 'no head' }, () => undefined), { available: false, reason: 'no head' });
    assert.deepEqual(runCamOf(base, () => undefined), { available: true });
    const row = imageCamsOf({
      image: '/a.png',
      top: [{ index: 7, label: 'x', prob: 1 }],
      cams: [{ class: 7, grid: [2, 2], values: [1, -2, 3, 0.5] }],
      geometry: { image: [400, 300], resized: [341, 256], left: 58, top: 16, input: [224, 224] },
    });
    assert.deepEqual(row, cams());
    assert.equal(imageCamsOf({ image: '/a.png', top: [] }), undefined);
  });
});
