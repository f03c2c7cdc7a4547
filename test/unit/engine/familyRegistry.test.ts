// A family is declared once (defineFamily: a typed knob schema, its checks and its builder) and
// reached only through the `families` registry, so a seventh family touches only models/families/
// and the presets. The structural checks below read the sources to hold that claim.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { families, familyIds, knobsDiffering, knobsEqual, knobValueEquals, resolveId } from '../../../models';
import { checkKnob } from '../../../models/families/knobs';
import { repoRoot } from '../fixturePaths';

test('the registry: every family sits under its own id, and familyIds lists them all', () => {
  assert.deepEqual(familyIds, Object.keys(families));
  for (const id of familyIds) assert.equal(families[id].id, id);
});

test('defaults come from the schema: one per knob, in the knobs\' order, each valid for its spec', () => {
  for (const id of familyIds) {
    const f = families[id];
    assert.deepEqual(Object.keys(f.defaults), f.knobs.map((k) => k.name), id);
    for (const spec of f.knobs) assert.deepEqual(checkKnob(spec, f.defaults[spec.name], `$.${spec.name}`), f.defaults[spec.name], `${id}.${spec.name}`);
    assert.doesNotThrow(() => f.check?.(f.defaults), id);
  }
});

test('a family that shares a schema overrides only its defaults (ResNeXt on ResNet\'s knobs; ResNeSt\'s deep stem)', () => {
  assert.deepEqual(families.resnext.knobs, families.resnet.knobs);
  assert.deepEqual(knobsDiffering(families.resnext.defaults, families.resnet.defaults), { base_width: 4, groups: 32 });
  assert.deepEqual(
    { stem_type: families.resnest.defaults.stem_type, stem_width: families.resnest.defaults.stem_width, avg_down: families.resnest.defaults.avg_down },
    { stem_type: 'deep', stem_width: 32, avg_down: true },
  );
  // SENet extends the residual schema: its defaults are ResNet's plus its own three knobs.
  assert.deepEqual(knobsDiffering(families.senet.defaults, families.resnet.defaults), { reduction: 16, se_bias: true, legacy: false });
});

test('one knob equality: lists compare by element, sets in any key order', () => {
  assert.equal(knobValueEquals([3, 4, 6, 3], [3, 4, 6, 3]), true);
  assert.equal(knobValueEquals([3, 4, 6, 3], [3, 4, 6]), false);
  assert.equal(knobValueEquals(1, '1'), false);
  assert.equal(knobValueEquals(undefined, false), false);
  assert.equal(knobsEqual({ a: 1, b: [2] }, { b: [2], a: 1 }), true);
  assert.equal(knobsEqual({ a: 1 }, { a: 1, b: 2 }), false);
  const r50 = resolveId('resnet50').knobs;
  assert.deepEqual(knobsDiffering({ ...r50, layers: [3, 4, 6, 3], last_stride: 1 }, r50), { last_stride: 1 });
});

/** TypeScript sources of the shells and of the engine outside the families and the presets. */
function sourcesOutsideFamilies(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const rel = relative(repoRoot, p).split('\\').join('/');
      if (rel === 'models/families' || rel === 'models/zoo' || rel === 'models/presets.ts') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(rel);
    }
  };
  for (const top of ['models', 'extension', 'webview', 'cli', 'inference', 'test/integration']) walk(join(repoRoot, top));
  return out;
}

test('no code outside models/families/ and the presets decides by family id or reaches a family module directly', () => {
  const ids = familyIds.join('|');
  const decides = new RegExp(`(===|!==)\\s*'(${ids})'|'(${ids})'\\s*(===|!==)|case\\s+'(${ids})'\\s*:`);
  const lists = new RegExp(`'(${ids})'[^\\n]*'(${ids})'[^\\n]*'(${ids})'`);
  const direct = /from '[./]*(models\/)?families\/(?!index'|knobs'|family'|stateDict')[\w]+'/;
  const files = sourcesOutsideFamilies();
  assert.ok(files.length > 100, `read ${files.length} files`);
  const found: string[] = [];
  for (const f of files) {
    readFileSync(join(repoRoot, f), 'utf8').split('\n').forEach((line, i) => {
      if (decides.test(line)) found.push(`${f}:${i + 1} decides by family id: ${line.trim()}`);
      if (lists.test(line)) found.push(`${f}:${i + 1} lists family ids: ${line.trim()}`);
      if (direct.test(line)) found.push(`${f}:${i + 1} imports a family module past the registry: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
