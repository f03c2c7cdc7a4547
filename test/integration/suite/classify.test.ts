// Classify Image inside the real extension host: the explorer command with file and folder
// URIs on fixture images and the small resnet18_tiny fixture weights, checked against the
// CLI's JSON for the same inputs; provider reporting; bad inputs; cancel mid-folder (results
// kept); a killed worker (the next run starts a new one); Restricted Mode refuses.
// The command resolves with a ClassifyRunSummary and takes ClassifyOptions as a third argument
// and a RunTuning (chunk size, cancel after n images) as a fourth (extension/classify/
// classifyCommand.ts); settings are set in the user settings of the throw-away test profile.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SkipTest, test } from '../harness';

interface Top { index: number; label: string; prob: number }
interface Summary {
  state: string;
  message?: string;
  model?: string;
  provider?: string | null;
  untrained?: boolean;
  weights?: string | null;
  results: { image: string; top: Top[]; ms: number }[];
  errors: { image: string; message: string }[];
}
interface CliResult { model: string; provider: string; results: { image: string; top: Top[] }[]; errors: { image: string; message: string }[] }

// Fixtures and the CLI peer come from the repository (this file is out/test/integration/suite/),
// not from the extension under test: the installed-VSIX run has no test fixtures.
const root = (): string => path.resolve(__dirname, '..', '..', '..', '..');
const fixtures = (): string => path.join(root(), 'test', 'fixtures', 'weights');
const wsDir = (): string => path.join(root(), 'test', 'workspace', 'classify');
const VARIANT = (): string => path.join(fixtures(), 'resnet18_tiny.backbone.json');
const WEIGHTS = (): string => path.join(fixtures(), 'resnet18_tiny.safetensors');

async function configure(values: Record<string, unknown>): Promise<void> {
  const c = vscode.workspace.getConfiguration();
  for (const [k, v] of Object.entries(values)) await c.update(k, v, vscode.ConfigurationTarget.Global);
}

async function useTinyModel(ep = 'cpu', weights = WEIGHTS()): Promise<void> {
  await configure({
    'backboneLens.classify.model': VARIANT(),
    'backboneLens.classify.weights': { resnet18_tiny: weights },
    'backboneLens.inference.executionProvider': ep,
    'backboneLens.classify.topK': 5,
  });
}

/** What paces a run in these tests: a fixed chunk size, a cancel after so many images. */
interface RunTuning { chunkSize?: number; cancelAfterImages?: number }

function classify(uri: vscode.Uri | undefined, uris?: vscode.Uri[], options?: Record<string, unknown>, tuning?: RunTuning): Promise<Summary> {
  return vscode.commands.executeCommand<Summary>('backboneLens.classifyImage', uri, uris, options, tuning) as Promise<Summary>;
}

function cli(inputs: string[], ep = 'cpu'): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root(), 'dist', 'cli.js'), 'classify', ...inputs, '--model', VARIANT(), '--weights', WEIGHTS(), '--ep', ep, '--json'],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 << 20 },
      (err, stdout) => {
        // Exit 1 means some images failed; the JSON is still complete.
        if (err && !stdout) reject(err);
        else resolve(JSON.parse(stdout) as CliResult);
      },
    );
  });
}

function assertSameAsCli(got: Summary, want: CliResult): void {
  assert.deepEqual(got.results.map((r) => r.image).sort(), want.results.map((r) => r.image).sort(), 'the same images are classified');
  for (const w of want.results) {
    const g = got.results.find((r) => r.image === w.image)!;
    assert.deepEqual(g.top.map((t) => [t.index, t.label]), w.top.map((t) => [t.index, t.label]), `classes of ${w.image}`);
    g.top.forEach((t, i) => assert.ok(Math.abs(t.prob - w.top[i].prob) < 1e-12, `${w.image} class ${t.index}: ${t.prob} vs the CLI's ${w.top[i].prob}`));
  }
  assert.equal(got.provider, want.provider, 'the provider the CLI reports');
}

/** Child processes of this extension host that run the inference worker (Linux /proc). */
function workerPids(): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('worker.js')) pids.push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function waitNoWorkers(): Promise<void> {
  for (let i = 0; i < 200 && workerPids().length > 0; i++) await new Promise((r) => setTimeout(r, 25));
}

function manyImages(n: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bl-classify-'));
  mkdirSync(path.join(dir, 'sub'));
  for (let i = 0; i < n; i++) copyFileSync(path.join(fixtures(), i % 2 ? 'small.png' : 'image.png'), path.join(dir, i % 3 ? '' : 'sub', `img${String(i).padStart(3, '0')}.png`));
  return dir;
}

const trustedOnly = (): void => {
  if (!vscode.workspace.isTrusted) throw new SkipTest('needs a trusted workspace');
};

test('classify: a file and a folder (multi-select) give the CLI\'s classes and probabilities, bad files named, the rest goes on', async () => {
  trustedOnly();
  await useTinyModel('cpu');
  const file = vscode.Uri.file(path.join(wsDir(), 'image.png'));
  const folder = vscode.Uri.file(path.join(wsDir(), 'more'));
  const corrupt = vscode.Uri.file(path.join(wsDir(), 'corrupt.png'));
  const got = await classify(file, [file, folder, corrupt]);
  assert.equal(got.state, 'done', got.message);
  assert.equal(got.model, 'resnet18_tiny');
  assert.equal(got.untrained, false);
  assert.equal(got.weights, WEIGHTS());
  assert.equal(got.results.length, 3);
  assert.ok(got.results.every((r) => r.top.length === 5 && r.ms > 0));
  const bad = got.errors.find((e) => e.image === corrupt.fsPath);
  assert.ok(bad, `corrupt.png is reported: ${JSON.stringify(got.errors)}`);
  assert.ok(bad.message.length > 0);
  const want = await cli([file.fsPath, folder.fsPath, corrupt.fsPath]);
  assertSameAsCli(got, want);
});

test('classify: provider "auto" reports the provider that ran (the CPU here), as the CLI does', async () => {
  trustedOnly();
  await useTinyModel('auto');
  const folder = vscode.Uri.file(path.join(wsDir(), 'more'));
  const got = await classify(folder, [folder]);
  assert.equal(got.state, 'done', got.message);
  assert.ok(got.provider && ['cpu', 'cuda', 'webgpu', 'dml', 'coreml'].includes(got.provider), String(got.provider));
  assertSameAsCli(got, await cli([folder.fsPath], 'auto'));
});

test('classify: a named provider that cannot start is an error that names it, never a silent fallback', async () => {
  trustedOnly();
  await useTinyModel('webgpu');
  const png = vscode.Uri.file(path.join(wsDir(), 'image.png'));
  const got = await classify(png, [png]);
  if (got.state === 'done') {
    assert.equal(got.provider, 'webgpu', 'a machine with a WebGPU adapter ran on it');
    return;
  }
  assert.equal(got.state, 'failed');
  assert.match(got.message ?? '', /execution provider "webgpu" could not start: .+executionProvider/);
  assert.equal(got.results.length, 0);
});

test('classify: a non-image file in the selection is reported by name; the images are still classified', async () => {
  trustedOnly();
  await useTinyModel('cpu');
  const txt = vscode.Uri.file(path.join(wsDir(), 'readme.txt'));
  const png = vscode.Uri.file(path.join(wsDir(), 'image.png'));
  const got = await classify(png, [png, txt]);
  assert.equal(got.state, 'done');
  assert.equal(got.results.length, 1);
  assert.match(got.errors.find((e) => e.image === txt.fsPath)?.message ?? '', /not an image/);
});

test('classify: weights for another model fail with a message naming the file', async () => {
  trustedOnly();
  const other = path.join(fixtures(), 'densenet121_tiny.safetensors');
  await useTinyModel('cpu', other);
  const png = vscode.Uri.file(path.join(wsDir(), 'image.png'));
  const got = await classify(png, [png]);
  assert.equal(got.state, 'failed');
  assert.ok(got.message?.includes('densenet121_tiny.safetensors'), got.message);
  assert.equal(got.results.length, 0);
});

/** A valid ONNX model that is not an image classifier: y = Identity(x), x float32 [1, 4].
 *  Written with a few lines of protobuf encoding (field numbers from onnx.proto). */
function identityOnnx(): Uint8Array {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    for (; n > 127; n = Math.floor(n / 128)) out.push((n % 128) | 128);
    out.push(n);
    return out;
  };
  const int = (field: number, n: number): number[] => [...varint(field * 8), ...varint(n)];
  const bytes = (field: number, b: number[] | string): number[] => {
    const body = typeof b === 'string' ? [...Buffer.from(b, 'utf8')] : b;
    return [...varint(field * 8 + 2), ...varint(body.length), ...body];
  };
  // ValueInfoProto { name, type: TypeProto { tensor_type { elem_type FLOAT, shape [1, 4] } } }
  const value = (name: string): number[] =>
    [...bytes(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, [...bytes(1, int(1, 1)), ...bytes(1, int(1, 4))])]))];
  const node = [...bytes(1, 'x'), ...bytes(2, 'y'), ...bytes(4, 'Identity')];
  const graph = [...bytes(1, node), ...bytes(2, 'not_a_classifier'), ...bytes(11, value('x')), ...bytes(12, value('y'))];
  return new Uint8Array([...int(1, 8), ...bytes(8, [...bytes(1, ''), ...int(2, 17)]), ...bytes(7, graph)]);
}

test('classify: an .onnx that is not an image classifier fails with a message naming the file', async () => {
  trustedOnly();
  const dir = mkdtempSync(path.join(tmpdir(), 'bl-onnx-'));
  try {
    const onnx = path.join(dir, 'identity-2d.onnx');
    writeFileSync(onnx, identityOnnx());
    await useTinyModel('cpu', onnx);
    const png = vscode.Uri.file(path.join(wsDir(), 'image.png'));
    const got = await classify(png, [png]);
    assert.equal(got.state, 'failed', JSON.stringify(got));
    assert.ok(got.message?.includes(onnx), got.message);
    assert.match(got.message ?? '', /not an image classifier/);
    assert.equal(got.results.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Images in a temporary folder and weights from the repository's fixtures are outside the
// workspace: these run in Restricted Mode too.
test('classify: cancel mid-folder kills the worker and keeps what finished', async () => {
  await useTinyModel('cpu');
  const dir = manyImages(60);
  try {
    const got = await classify(vscode.Uri.file(dir), undefined, undefined, { chunkSize: 4, cancelAfterImages: 8 });
    assert.equal(got.state, 'cancelled', got.message);
    assert.ok(got.results.length >= 8 && got.results.length < 60, `kept ${got.results.length}`);
    await waitNoWorkers();
    assert.equal(workerPids().length, 0, 'the worker was stopped');
    // What was kept equals the CLI's numbers for the same images.
    const want = await cli(got.results.map((r) => r.image));
    assertSameAsCli(got, want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('classify: a killed worker fails the run with a message, keeps results, and the next run starts a new worker', async () => {
  await useTinyModel('cpu');
  const dir = manyImages(120);
  await waitNoWorkers(); // e.g. the provider probe of an earlier test
  try {
    const running = classify(vscode.Uri.file(dir), undefined, undefined, { chunkSize: 2 });
    let killed: number | undefined;
    for (let i = 0; i < 500 && killed === undefined; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const [pid] = workerPids();
      if (pid) {
        process.kill(pid, 'SIGKILL');
        killed = pid;
      }
    }
    assert.ok(killed, 'found the worker process');
    const got = await running;
    assert.equal(got.state, 'failed', `state ${got.state} after the kill`);
    assert.match(got.message ?? '', /worker exited/);
    assert.ok(got.results.length < 120);
    const again = await classify(vscode.Uri.file(dir));
    assert.equal(again.state, 'done', again.message);
    assert.equal(again.results.length, 120);
    const [pid] = workerPids();
    assert.ok(pid && pid !== killed, 'a new worker process');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Stops the worker the way Cancel does (the client forgets it at once), so that the next run
 * forks one with the host's environment as it is then: a run over a few images cancelled after one.
 */
async function stopWorker(): Promise<void> {
  const dir = manyImages(4);
  try {
    const got = await classify(vscode.Uri.file(dir), undefined, undefined, { chunkSize: 1, cancelAfterImages: 1 });
    assert.equal(got.state, 'cancelled', got.message);
    await waitNoWorkers();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('classify: on onnxruntime\'s WebAssembly build (what darwin-x64 runs) the worker gives the CLI\'s classes and probabilities on that build, on the CPU', async () => {
  trustedOnly();
  // Only a package that carries the WebAssembly build can run it (the linux-x64 VSIX does not).
  const installed = vscode.extensions.all.find((e) => e.packageJSON?.name === 'backbone-lens');
  if (!installed || !existsSync(path.join(installed.extensionPath, 'node_modules', 'onnxruntime-web', 'package.json'))) throw new SkipTest('this package carries no onnxruntime-web');
  await useTinyModel('auto');
  const folder = vscode.Uri.file(path.join(wsDir(), 'more'));
  // The worker inherits the host's environment when it is forked (inference/client.ts).
  process.env.BACKBONE_LENS_ORT_RUNTIME = 'wasm';
  await stopWorker();
  try {
    const got = await classify(folder, [folder]);
    assert.equal(got.state, 'done', got.message);
    assert.equal(got.provider, 'cpu');
    assertSameAsCli(got, await cli([folder.fsPath], 'auto'));
  } finally {
    delete process.env.BACKBONE_LENS_ORT_RUNTIME;
    await stopWorker();
  }
  const native = await classify(folder, [folder]);
  assert.equal(native.state, 'done', native.message);
});

test('classify: random weights only by explicit choice, and every result is marked untrained', async () => {
  trustedOnly();
  await configure({ 'backboneLens.classify.model': VARIANT(), 'backboneLens.classify.weights': {}, 'backboneLens.inference.executionProvider': 'cpu' });
  const png = vscode.Uri.file(path.join(wsDir(), 'image.png'));
  const got = await classify(png, [png], { randomWeights: true });
  assert.equal(got.state, 'done', got.message);
  assert.equal(got.untrained, true);
  assert.equal(got.weights, null);
  assert.equal(got.results.length, 1);
});

test('classify: Restricted Mode refuses workspace images with a reason', async () => {
  if (vscode.workspace.isTrusted) throw new SkipTest('only in Restricted Mode');
  const before = workerPids();
  const png = vscode.Uri.file(path.join(wsDir(), 'image.png'));
  const got = await classify(png, [png]);
  assert.equal(got.state, 'refused');
  assert.match(got.message ?? '', /Restricted Mode/);
  assert.match(got.message ?? '', /trust/i);
  assert.deepEqual(workerPids(), before, 'no worker was started');
});

test('classify: Restricted Mode refuses weights from the workspace, even for images outside it', async () => {
  if (vscode.workspace.isTrusted) throw new SkipTest('only in Restricted Mode');
  await useTinyModel('cpu', path.join(wsDir(), 'workspace-weights.safetensors'));
  const dir = manyImages(2);
  try {
    const got = await classify(vscode.Uri.file(dir));
    assert.equal(got.state, 'refused');
    assert.match(got.message ?? '', /weights from the workspace.*Restricted Mode/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('classify: settings are reset', async () => {
  await configure({
    'backboneLens.classify.model': undefined,
    'backboneLens.classify.weights': undefined,
    'backboneLens.inference.executionProvider': undefined,
    'backboneLens.classify.topK': undefined,
  });
});

interface CamSummary {
  state: string;
  message?: string;
  results: { image: string; top: Top[]; cams?: { grid: [number, number]; maps: { class: number; values: number[] }[]; geometry: { image: [number, number]; input: [number, number] } } }[];
  cam?: { available: boolean; reason?: string; lens?: { global: boolean; node: string; size?: number; cells?: { box: number[]; smallest: number[] }[] } };
}

function cliCam(image: string, camClass: number): Promise<{ results: { cam: { class: number; grid: number[]; values: number[] } }[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root(), 'dist', 'cli.js'), 'classify', image, '--model', VARIANT(), '--weights', WEIGHTS(), '--ep', 'cpu', '--json', '--cam', '--cam-class', String(camClass)],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 << 20 },
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout))),
    );
  });
}

test('classify: each result carries the class activation maps of its top classes (the CLI\'s --cam numbers) and the run the lens of its feature map', async () => {
  trustedOnly();
  await useTinyModel('cpu');
  const file = vscode.Uri.file(path.join(wsDir(), 'image.png'));
  const got = (await classify(file, [file])) as unknown as CamSummary;
  assert.equal(got.state, 'done', got.message);
  assert.equal(got.cam?.available, true, JSON.stringify(got.cam));
  // resnet18_tiny at 60 × 60: layer2's 8 × 8 map, 51 px field (jump 8), one box per cell.
  assert.equal(got.cam?.lens?.global, false);
  assert.equal(got.cam?.lens?.node, 'layer2.0.act2');
  assert.equal(got.cam?.lens?.cells?.length, 64);
  const r = got.results[0];
  assert.ok(r.cams, 'maps in the result');
  assert.deepEqual(r.cams.grid, [8, 8]);
  assert.deepEqual(r.cams.maps.map((m) => m.class), r.top.map((t) => t.index), 'one map per top class, in order');
  assert.deepEqual(r.cams.geometry.image, [90, 75]);
  assert.deepEqual(r.cams.geometry.input, [60, 60]);
  const second = r.top[1].index;
  const cli = (await cliCam(file.fsPath, second)).results[0].cam;
  assert.equal(cli.class, second);
  r.cams.maps[1].values.forEach((v, i) => assert.ok(Math.abs(v - cli.values[i]) < 1e-9, `cell ${i}: ${v} vs the CLI's ${cli.values[i]}`));
});
