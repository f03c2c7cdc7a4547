// SE-ResNet / SE-ResNeXt / SENet-154: the ResNet blocks with a squeeze-and-excitation gate after
// the last norm, before the residual add (timm `seresnet50`, `seresnext50_32x4d`, `senet154`).
// `legacy` is the original Caffe SENet of timm's senet.py (`legacy_*`): `layer0`/`se_module`/
// `last_linear` names, a ceil-mode max pool without padding, C // reduction gate width, and the
// stride on the first 1×1 in SE-ResNet bottlenecks (on the 3×3 in SE-ResNeXt and SENet-154 ones).
import { InvalidConfigError } from '../errors';
import { buildResidual, checkResidual, residualDefaults, residualKnobs, residualOptions } from './resnet';
import type { FamilyDef } from './family';
import type { KnobSpec, KnobValues } from './knobs';

const seKnobs: readonly KnobSpec[] = [
  ...residualKnobs,
  { name: 'reduction', kind: 'int', min: 1, max: 1024, description: 'SE reduction ratio r: the gate squeezes C channels to C/r.' },
  { name: 'se_bias', kind: 'bool', description: 'Biases in the two gate layers (timm: true; the seed\'s SELayer uses bias-free layers: false).' },
  { name: 'legacy', kind: 'bool', description: 'Original Caffe SENet layout (timm legacy_*): layer0 stem with a ceil-mode max pool, stride on the first 1×1 conv of SE-ResNet bottlenecks.' },
];

/** What the Caffe SENet layout has no form for (no library builds these combinations). */
function checkLegacy(k: KnobValues, source?: string): void {
  if (k.legacy !== true) return;
  const refuse = (knob: string, why: string): never => {
    throw new InvalidConfigError(`$.${knob}`, `${why} with legacy: true (the Caffe SENet layout has none; the timm layout, legacy: false, accepts it)`, source);
  };
  if (k.aa_layer !== '') refuse('aa_layer', `no anti-aliasing layer ${JSON.stringify(k.aa_layer)}`);
  if (k.avg_down === true) refuse('avg_down', 'no avg-down shortcut');
  if (k.stem_type === 'deep_tiered') refuse('stem_type', 'no "deep_tiered" stem');
  if (k.norm !== 'batchnorm') refuse('norm', 'no GroupNorm');
  if (k.ibn === true) refuse('ibn', 'no IBN-a');
  if (k.stem_type === 'deep' && k.stem_width !== 64) refuse('stem_width', `no deep stem of width ${String(k.stem_width)} (legacy_senet154's is 64, 64, 128)`);
  if (k.block_reduce_first !== 1 && k.groups === 1) refuse('block_reduce_first', 'no reduced first conv in an SE-ResNet (groups 1) block');
}

export const senetFamily: FamilyDef = {
  id: 'senet',
  label: 'SENet',
  knobs: seKnobs,
  defaults: { ...residualDefaults, reduction: 16, se_bias: true, legacy: false },
  naming: 'timm',
  check: (k, source) => {
    checkResidual(k, source);
    checkLegacy(k, source);
  },
  build: (id, k, naming) => {
    const legacy = k.legacy === true;
    const graph = buildResidual(id, {
      ...residualOptions(k, naming),
      legacy,
      se: { reduction: k.reduction as number, bias: k.se_bias as boolean, module: legacy ? 'se_module' : 'se', rounding: legacy ? 'floor' : 'timm' },
    });
    // timm's senet.SENet trains with drop_rate 0.2 before last_linear (training memory only).
    return legacy ? { ...graph, headDropout: 0.2 } : graph;
  },
};
