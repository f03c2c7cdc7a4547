// SE-ResNet / SE-ResNeXt / SENet-154: the ResNet blocks with a squeeze-and-excitation gate after
// the last norm, before the residual add (timm `seresnet50`, `seresnext50_32x4d`, `senet154`).
// `legacy` is the original Caffe SENet of timm's senet.py (`legacy_*`): `layer0`/`se_module`/
// `last_linear` names, a ceil-mode max pool without padding, C // reduction gate width, and the
// stride on the first 1×1 in SE-ResNet bottlenecks (on the 3×3 in SE-ResNeXt and SENet-154 ones).
import * as l10n from '@vscode/l10n';
import { InvalidConfigError } from '../errors';
import { defineFamily } from './family';
import { knob, type KnobsOf } from './knobs';
import { seResidualStateDict } from './residualStateDict';
import { buildResidual, checkResidual, residualOptions, residualSchema } from './resnet';

const seSchema = {
  ...residualSchema,
  reduction: knob.int({ min: 1, max: 1024, default: 16, description: 'SE reduction ratio r: the gate squeezes C channels to C/r.' }),
  se_bias: knob.bool({ default: true, description: 'Biases in the two gate layers (timm: true; the seed\'s SELayer uses bias-free layers: false).' }),
  legacy: knob.bool({ default: false, description: 'Original Caffe SENet layout (timm legacy_*): layer0 stem with a ceil-mode max pool, stride on the first 1×1 conv of SE-ResNet bottlenecks.' }),
};

/** What the Caffe SENet layout has no form for (no library builds these combinations). */
function checkLegacy(k: KnobsOf<typeof seSchema>, source?: string): void {
  if (!k.legacy) return;
  const refuse = (knob: string, why: string): never => {
    throw new InvalidConfigError(`$.${knob}`, l10n.t('{0} with legacy: true (the Caffe SENet layout has none; the timm layout, legacy: false, accepts it)', why), source);
  };
  if (k.aa_layer !== '') refuse('aa_layer', l10n.t('no anti-aliasing layer {0}', JSON.stringify(k.aa_layer)));
  if (k.avg_down) refuse('avg_down', l10n.t('no avg-down shortcut'));
  if (k.stem_type === 'deep_tiered') refuse('stem_type', l10n.t('no "deep_tiered" stem'));
  if (k.norm !== 'batchnorm') refuse('norm', l10n.t('no GroupNorm'));
  if (k.ibn) refuse('ibn', l10n.t('no IBN-a'));
  if (k.stem_type === 'deep' && k.stem_width !== 64) refuse('stem_width', l10n.t('no deep stem of width {0} (legacy_senet154\'s is 64, 64, 128)', k.stem_width));
  if (k.block_reduce_first !== 1 && k.groups === 1) refuse('block_reduce_first', l10n.t('no reduced first conv in an SE-ResNet (groups 1) block'));
}

export const senetFamily = defineFamily({
  id: 'senet',
  label: 'SENet',
  knobs: seSchema,
  naming: 'timm',
  check: (k, source) => {
    checkResidual(k, source);
    checkLegacy(k, source);
  },
  build: (id, k, naming) => {
    const legacy = k.legacy;
    const graph = buildResidual(id, {
      ...residualOptions(k, naming),
      legacy,
      se: { reduction: k.reduction, bias: k.se_bias, module: legacy ? 'se_module' : 'se', rounding: legacy ? 'floor' : 'timm' },
    });
    // timm's senet.SENet trains with drop_rate 0.2 before last_linear (training memory only).
    return legacy ? { ...graph, headDropout: 0.2 } : graph;
  },
  stateDict: seResidualStateDict,
});
