// Hover layer stats inside a real extension host: `vscode.executeHoverProvider` at known positions
// of the fixtures in test/workspace/hover/, and the numbers in the hover equal the engine's
// (computed here by importing the engine). Where nothing is known, no Backbone Lens hover.
// Runs in both the trusted and the Restricted Mode runs: the hover runs nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeSpec, resolveId, resolveVariant, withOverrides, type Analysis } from '../../../models';
import { ourExtension } from '../expect';
import { SkipTest, test } from '../harness';

const INSPECT = 'backboneLens.inspectModel';

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, 'hover', name);
}

async function open(name: string): Promise<vscode.TextDocument> {
  await ourExtension().activate();
  return vscode.workspace.openTextDocument(fixture(name));
}

interface OurHover {
  readonly markdown: string;
  readonly trusted: unknown;
  readonly range: vscode.Range | undefined;
}

/** The Backbone Lens hover at `needle` (+ delta) in `doc`, or undefined; other providers' hovers are ignored. */
async function hoverAt(doc: vscode.TextDocument, needle: string, delta = 1): Promise<OurHover | undefined> {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is in ${doc.uri.path}`);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + delta))) ?? [];
  for (const h of hovers) {
    for (const c of h.contents) {
      const md = typeof c === 'string' ? c : (c as vscode.MarkdownString).value;
      if (md.includes(`command:${INSPECT}`) || /^\| (Params|Blocks) \|/m.test(md)) {
        return { markdown: md, trusted: typeof c === 'string' ? undefined : (c as vscode.MarkdownString).isTrusted, range: h.range };
      }
    }
  }
  return undefined;
}

async function mustHover(doc: vscode.TextDocument, needle: string, delta = 1): Promise<OurHover> {
  const h = await hoverAt(doc, needle, delta);
  assert.ok(h, `a Backbone Lens hover at "${needle}"`);
  return h;
}

/** Cells (label excluded) of the table row labelled `label`. */
function row(md: string, label: string): string[] {
  for (const line of md.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    if (cells[0] === label) return cells.slice(1);
  }
  assert.fail(`no row "${label}" in:\n${md}`);
}

function num(cell: string | undefined): number {
  const m = /^([+−-]?)([\d,]+)/.exec(cell ?? '');
  assert.ok(m, `a number in "${cell}"`);
  const v = Number(m[2].replace(/,/g, ''));
  return m[1] === '' || m[1] === '+' ? v : -v;
}

function inspectArg(md: string): unknown {
  const m = /\(command:backboneLens\.inspectModel\?([^ )]+)/.exec(md);
  assert.ok(m, 'an Inspect in diagram link');
  return (JSON.parse(decodeURIComponent(m[1])) as unknown[])[0];
}

function headOf(a: Analysis): { params: number; macs: number } {
  const head = a.graph.groups.find((g) => g.kind === 'head');
  assert.ok(head);
  return a.groups[head.id];
}

test('hover: Python and variant fixtures open with the expected languages', async () => {
  assert.equal((await open('models.py')).languageId, 'python');
  // JSON with comments, as the engine reads every variant file: VS Code flags no comment in them.
  assert.equal((await open('reid.backbone.json')).languageId, 'jsonc');
});

test('hover: resnet50( shows the engine totals (25,557,032 params) with an Inspect link enabled alone', async () => {
  const doc = await open('models.py');
  const h = await mustHover(doc, 'resnet50(pretrained');
  const a = analyzeSpec(resolveId('resnet50'));
  assert.equal(num(row(h.markdown, 'Params')[0]), 25_557_032);
  assert.equal(num(row(h.markdown, 'Params')[0]), a.total.params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')[0]), a.total.macs);
  assert.equal(num(row(h.markdown, 'Depth')[0]), a.total.depth);
  assert.equal(num(row(h.markdown, 'Receptive field')[0]), a.receptiveField.size);
  assert.deepEqual(inspectArg(h.markdown), { model: 'resnet50' });
  assert.ok(h.range, 'the hover has a range');
  assert.equal(doc.getText(h.range), 'resnet50');
});

test('hover: the MarkdownString enables only the Inspect Model command', async () => {
  const h = await mustHover(await open('models.py'), 'resnet50(pretrained');
  // executeHoverProvider converts hovers back from the renderer's format; say so if isTrusted did not survive.
  if (h.trusted === undefined) throw new SkipTest('isTrusted is not carried back by vscode.executeHoverProvider');
  assert.deepEqual(h.trusted, { enabledCommands: [INSPECT] });
});

test('hover: models.resnext50_32x4d(num_classes=10) counts a 10-class classifier', async () => {
  const doc = await open('models.py');
  const h = await mustHover(doc, 'resnext50_32x4d(');
  const a = analyzeSpec(withOverrides(resolveId('resnext50_32x4d'), { num_classes: 10 }));
  assert.equal(num(row(h.markdown, 'Params')[0]), a.total.params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')[0]), a.total.macs);
});

test('hover: torchvision.models.densenet121( and timm.create_model("resnest50d" (callee and string)', async () => {
  const doc = await open('models.py');
  const d = await mustHover(doc, 'densenet121()');
  assert.equal(num(row(d.markdown, 'Params')[0]), analyzeSpec(resolveId('densenet121')).total.params);
  const r = analyzeSpec(resolveId('resnest50d'));
  for (const needle of ['create_model("resnest50d"', '"resnest50d"']) {
    const h = await mustHover(doc, needle);
    assert.equal(num(row(h.markdown, 'Params')[0]), r.total.params, needle);
    assert.equal(num(row(h.markdown, 'MACs (one image)')[0]), r.total.macs, needle);
  }
});

test("hover: a ResNet imported from elsewhere than torchvision (the seed's re-ID class) gets no library numbers", async () => {
  const doc = await open('models.py');
  assert.equal(await hoverAt(doc, 'ResNet(last_stride'), undefined);
});

test('hover: a variable num_classes= shows the backbone without the classifier, labelled', async () => {
  const doc = await open('models.py');
  const h = await mustHover(doc, "create_model('seresnet50'");
  const a = analyzeSpec(resolveId('seresnet50'));
  assert.equal(num(row(h.markdown, 'Params')[0]), a.total.params - headOf(a).params);
  assert.match(h.markdown, /not a literal/);
});

test('hover: nn.Conv2d / nn.Linear / nn.BatchNorm2d with literal arguments', async () => {
  const doc = await open('models.py');
  const conv = await mustHover(doc, 'nn.Conv2d(3, 64');
  assert.equal(num(row(conv.markdown, 'Params')[0]), 64 * 3 * 7 * 7);
  assert.equal(num(row(conv.markdown, 'MACs per output pixel')[0]), 64 * 3 * 7 * 7);
  // The stem conv of resnet50 is this layer: its MACs per output pixel agree with the engine's model.
  const a = analyzeSpec(resolveId('resnet50'));
  const stem = a.nodes[a.graph.nodes.findIndex((n) => n.path === 'conv1')];
  assert.equal(num(row(conv.markdown, 'MACs per output pixel')[0]), stem.macs / (stem.shape[1] * stem.shape[2]));
  assert.equal(num(row(conv.markdown, 'Params')[0]), stem.params);
  assert.match(row(conv.markdown, 'Receptive field step')[0], /r ← r \+ 6·j, j ← 2·j/);
  const grouped = await mustHover(doc, 'Conv2d(256');
  assert.equal(num(row(grouped.markdown, 'Params')[0]), 256 * 8 * 9 + 256);
  const fc = await mustHover(doc, 'nn.Linear');
  assert.equal(num(row(fc.markdown, 'Params')[0]), 2048 * 751 + 751);
  assert.equal(num(row(fc.markdown, 'MACs per sample')[0]), 2048 * 751);
  const bn = await mustHover(doc, 'BatchNorm2d(64');
  assert.equal(num(row(bn.markdown, 'Params')[0]), 128);
});

test('hover: a conv with variable channels shows a formula, no number that depends on them', async () => {
  const doc = await open('models.py');
  const h = await mustHover(doc, 'Conv2d(inplanes');
  const params = row(h.markdown, 'Params')[0];
  assert.match(params, /`planes` × `inplanes` × 1 × 1/);
  assert.ok(!/\d{2,}/.test(params), params);
});

test('hover: nothing where nothing is known (variable name, unknown constructor, half-typed call, plain code)', async () => {
  const doc = await open('models.py');
  for (const needle of ['model_name_variable', 'create_model(model_name_variable', 'my_backbone', 'build_resnet50', 'resnet101(num_classes=', 'import timm', 'half_typed']) {
    assert.equal(await hoverAt(doc, needle), undefined, needle);
  }
});

test('hover: variant file, extends (key and value) shows the variant beside its base', async () => {
  const doc = await open('reid.backbone.json');
  const a = analyzeSpec(resolveVariant(JSON.parse(doc.getText()), doc.uri.toString()));
  for (const needle of ['"extends"', '"resnet50"']) {
    const h = await mustHover(doc, needle);
    assert.equal(num(row(h.markdown, 'Params')[0]), a.total.params, needle);
    assert.equal(num(row(h.markdown, 'Params')[1]), 25_557_032, needle);
    assert.equal(num(row(h.markdown, 'MACs (one image)')[0]), a.total.macs, needle);
    assert.deepEqual(inspectArg(h.markdown), { model: doc.uri.toString() });
  }
});

test('hover: variant file, the 6 of "layers": [3, 4, 6, 3] is stage 3 (layer3)', async () => {
  const doc = await open('reid.backbone.json');
  const a = analyzeSpec(resolveVariant(JSON.parse(doc.getText())));
  const g = a.graph.groups.find((x) => x.path === 'layer3');
  assert.ok(g);
  const h = await mustHover(doc, '6, 3]', 0);
  assert.equal(num(row(h.markdown, 'Blocks')[0]), 6);
  assert.equal(row(h.markdown, 'Output')[0], a.groups[g.id].shape.join('×'));
  assert.equal(num(row(h.markdown, 'Params')[0]), a.groups[g.id].params);
  assert.equal(num(row(h.markdown, 'MACs (one image)')[0]), a.groups[g.id].macs);
  assert.equal(num(row(h.markdown, 'Receptive field at its end')[0]), a.groups[g.id].rf.size);
  assert.deepEqual(inspectArg(h.markdown), { model: doc.uri.toString(), path: 'layer3' });
});

test('hover: variant file, DenseNet block_config entry and a knob with/without', async () => {
  const dense = await open('dense.backbone.json');
  const d = analyzeSpec(resolveVariant(JSON.parse(dense.getText())));
  const block3 = d.graph.groups.find((x) => x.path === 'features.denseblock3');
  assert.ok(block3);
  const h = await mustHover(dense, '36', 0);
  assert.equal(num(row(h.markdown, 'Params')[0]), d.groups[block3.id].params);

  const doc = await open('reid.backbone.json');
  const variant = JSON.parse(doc.getText()) as Record<string, unknown>;
  const withIt = analyzeSpec(resolveVariant(variant));
  delete variant.last_stride;
  const without = analyzeSpec(resolveVariant(variant));
  const k = await mustHover(doc, '"last_stride"');
  const macs = row(k.markdown, 'MACs (one image)');
  assert.equal(num(macs[0]), withIt.total.macs);
  assert.equal(num(macs[1]), without.total.macs);
  assert.equal(num(macs[2]), withIt.total.macs - without.total.macs);
});

test('hover: nothing on a variant file name or description, nor in an ordinary JSON file', async () => {
  const doc = await open('reid.backbone.json');
  assert.equal(await hoverAt(doc, '"name"'), undefined);
  assert.equal(await hoverAt(doc, '"description"'), undefined);
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  const config = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'config.json'));
  const text = config.getText();
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', config.uri, config.positionAt(Math.max(0, text.indexOf('"') + 1)))) ?? [];
  const ours = hovers.flatMap((x) => x.contents).some((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value).includes(INSPECT));
  assert.equal(ours, false);
});

test("hover: a file in the seed's style (its own ResNet class and resnet50 factory)", async () => {
  const doc = await open('seed_style.py');
  // The file's own ResNet class and resnet50 factory are read by the interpreter: its __init__
  // builds conv1, bn1, relu and maxpool only (9,536 params) — never torchvision's 25,557,032.
  for (const [needle, delta] of [['ResNet(last_stride=1, block', 1], ['resnet50(1)', 1], ['class ResNet', 7]] as const) {
    const h = await mustHover(doc, needle, delta);
    assert.equal(num(row(h.markdown, 'Params')[0]), 64 * 3 * 7 * 7 + 2 * 64, needle);
    assert.match(h.markdown, /`ResNet` defines no `forward`/, needle);
  }
  assert.equal(await hoverAt(doc, 'def resnet50'), undefined);
  const stem = await mustHover(doc, 'Conv2d(3, 64');
  assert.equal(num(row(stem.markdown, 'Params')[0]), 64 * 3 * 7 * 7);
  const bn = await mustHover(doc, 'BatchNorm2d(planes)');
  assert.match(row(bn.markdown, 'Params')[0], /`planes` weight/);
  const conv2 = await mustHover(doc, 'Conv2d(planes, planes, kernel_size=3');
  assert.ok(!/\d{2,}/.test(row(conv2.markdown, 'Params')[0]));
  // stride=stride is a variable: no receptive-field step is claimed.
  assert.ok(!conv2.markdown.includes('| Receptive field step |'));
});
