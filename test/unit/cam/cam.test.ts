// Class activation maps (classify --cam) against PyTorch's: the feature map from a forward hook
// on the global pool's input times the classifier's weight (test/oracle/cam_oracle.py), for the
// six families' fixture models, from .pth and from .safetensors.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CamError } from '../../../inference/cam';
import { Classifier, classifyFiles } from '../../../inference/classify';
import { modelFromOnnxFile } from '../../../inference/modelSource';
import { buildGraph, CAM_METADATA_KEY, exportOnnx, FEATURES_NAME, fitWeights, readWeights } from '../../../models';
import { onnxModelType } from '../../../models/onnx/onnxSchema';
import { fixturesDir, repoRoot } from '../fixturePaths';
import { fixtureBytes, fixturePath, manifest, variantOf } from '../onnx/fixtures';

interface CamFixture {
  name: string;
  top1: number;
  feature_shape: [number, number, number];
  cams: Record<string, number[]>;
}
const oracle = JSON.parse(readFileSync(join(fixturesDir, 'cam', 'cam.json'), 'utf8')) as { cams: CamFixture[] };
const cacheDir = mkdtempSync(join(tmpdir(), 'bl-cam-cache-'));
const cliPath = join(repoRoot, 'out', 'cli', 'main.js');
/** Relative to the map's largest magnitude (the tolerance). */
const RELATIVE_TOLERANCE = 1e-4;

function assertClose(got: readonly number[], want: readonly number[], what: string): void {
  assert.equal(got.length, want.length, `${what}: ${got.length} values, PyTorch has ${want.length}`);
  const scale = Math.max(...want.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  assert.ok(worst <= RELATIVE_TOLERANCE * scale, `${what}: max |Δ| ${worst} > ${RELATIVE_TOLERANCE} × ${scale}`);
}

test('the oracle covers the six families', () => {
  assert.deepEqual(oracle.cams.map((c) => c.name).sort(), manifest.models.map((m) => m.name).sort());
});

for (const fx of oracle.cams) {
  const m = manifest.models.find((x) => x.name === fx.name);
  if (!m) continue;
  for (const file of [m.pth, m.safetensors]) {
    test(`${fx.name} from ${file}: CAM of the top-1 class and of class 3 equal PyTorch's (hook × classifier weight)`, async () => {
      const opts = { spec: variantOf(m), weights: fixturePath(file), ep: 'cpu' as const, cacheDir };
      const top = await classifyFiles([fixturePath('image.png')], { ...opts, cam: true });
      const r = top.results[0];
      assert.equal(top.camUnavailable, undefined);
      assert.ok(r.cam, 'no cam in the result');
      assert.equal(r.cam.class, fx.top1);
      assert.deepEqual(r.cam.grid, [fx.feature_shape[1], fx.feature_shape[2]]);
      assertClose(r.cam.values, fx.cams[String(fx.top1)], `class ${fx.top1}`);
      const other = await classifyFiles([fixturePath('image.png')], { ...opts, cam: true, camClass: 3, camTop: true, top: 3 });
      assertClose((other.results[0].cam as { values: number[] }).values, fx.cams['3'], 'class 3');
      // camTop: one map per top class, in the order of `top`, the first being the top-1 map.
      const cams = other.results[0].cams ?? [];
      assert.deepEqual(cams.map((c) => c.class), other.results[0].top.map((t) => t.index));
      assertClose(cams[0].values, fx.cams[String(fx.top1)], 'camTop[0]');
      // The geometry that maps the grid onto the image: image.png is 90 × 75, the crop 60 × 60.
      assert.deepEqual(other.results[0].geometry?.image, [90, 75]);
      assert.deepEqual(other.results[0].geometry?.input, [60, 60]);
    });
  }
}

test('the exported model has the feature map as a second output; the logits stay the first', async () => {
  const m = manifest.models[0];
  const graph = buildGraph(variantOf(m));
  const bytes = exportOnnx(graph, fitWeights(graph, readWeights(fixtureBytes(m.pth), m.pth), m.pth));
  const decoded = onnxModelType().decode(bytes) as unknown as { graph: { output: { name: string }[] }; metadata_props: { key: string; value: string }[] };
  assert.deepEqual(decoded.graph.output.map((o) => o.name), ['logits', FEATURES_NAME]);
  const meta = JSON.parse(decoded.metadata_props.find((p) => p.key === CAM_METADATA_KEY)?.value ?? 'null');
  assert.deepEqual(meta, { features: FEATURES_NAME, classifierWeight: 'fc.weight', channels: 128, classes: 10 });
});

test('a user .onnx without our CAM metadata: camUnavailable says why, and --cam is an error naming the model', async () => {
  const m = manifest.models[0];
  const graph = buildGraph(variantOf(m));
  const type = onnxModelType();
  const model = type.toObject(type.decode(exportOnnx(graph, fitWeights(graph, readWeights(fixtureBytes(m.pth), m.pth), m.pth)))) as {
    graph: { output: { name: string }[] };
    metadata_props: { key: string }[];
  };
  model.graph.output = model.graph.output.filter((o) => o.name === 'logits');
  model.metadata_props = model.metadata_props.filter((p) => p.key !== CAM_METADATA_KEY);
  const file = join(mkdtempSync(join(tmpdir(), 'bl-user-onnx-')), 'user.onnx');
  writeFileSync(file, type.encode(type.fromObject(model)).finish());
  const c = await Classifier.open(modelFromOnnxFile(file, variantOf(m)), 'cpu');
  try {
    const r = await c.classify([fixturePath('image.png')], { camTop: true });
    assert.match(r.camUnavailable ?? '', /no global-average-pool \+ linear head/);
    assert.equal(r.results.length, 1);
    assert.equal(r.results[0].cams, undefined);
  } finally {
    await c.release();
  }
  await assert.rejects(classifyFiles([fixturePath('image.png')], { onnx: file, cam: true, ep: 'cpu' }), (e: Error) => e instanceof CamError && /user\.onnx.*no class activation map/.test(e.message));
});

test('the CLI: classify --cam --json adds "cam": { class, grid, values }; --cam-class needs --cam and a class of the model', () => {
  const m = manifest.models.find((x) => x.name === 'densenet121_tiny') ?? manifest.models[0];
  const fx = oracle.cams.find((x) => x.name === m.name) as CamFixture;
  const env = { ...process.env, BACKBONE_LENS_CACHE: cacheDir };
  const base = ['classify', fixturePath('image.png'), '--model', fixturePath(m.variant), '--weights', fixturePath(m.pth), '--ep', 'cpu'];
  const r = spawnSync(process.execPath, [cliPath, ...base, '--cam', '--cam-class', '3', '--json'], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const cam = JSON.parse(r.stdout).results[0].cam;
  assert.deepEqual(Object.keys(cam), ['class', 'grid', 'values']);
  assert.equal(cam.class, 3);
  assertClose(cam.values, fx.cams['3'], 'CLI class 3');
  const alone = spawnSync(process.execPath, [cliPath, ...base, '--cam-class', '3'], { encoding: 'utf8', env });
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /--cam-class needs --cam/);
  const outOfRange = spawnSync(process.execPath, [cliPath, ...base, '--cam', '--cam-class', '10'], { encoding: 'utf8', env });
  assert.equal(outOfRange.status, 1);
  assert.match(outOfRange.stderr, /--cam-class 10 is not a class of densenet121_tiny \(0 to 9\)/);
});
