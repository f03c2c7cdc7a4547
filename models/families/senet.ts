// SE-ResNet / SE-ResNeXt: the ResNet bottleneck with a squeeze-and-excitation gate after bn3,
// before the residual add (timm `seresnet50`, `seresnext50_32x4d`). `legacy` is the original
// Caffe SENet of timm's `legacy_seresnet50`: stride on the first 1×1, `layer0`/`se_module`/
// `last_linear` names, a ceil-mode max pool without padding, and C // reduction gate width.
import { buildResidual, checkResidual, residualKnobs, residualOptions } from './resnet';
import type { FamilyDef } from './family';
import type { KnobSpec } from './knobs';

const seKnobs: readonly KnobSpec[] = [
  ...residualKnobs,
  { name: 'reduction', kind: 'int', min: 1, max: 1024, description: 'SE reduction ratio r: the gate squeezes C channels to C/r.' },
  { name: 'se_bias', kind: 'bool', description: 'Biases in the two gate layers (timm: true; the seed\'s SELayer uses bias-free layers: false).' },
  { name: 'legacy', kind: 'bool', description: 'Original Caffe SENet layout (timm legacy_seresnet50): stride on the first 1×1 conv, layer0 stem with a ceil-mode max pool.' },
];

export const senetFamily: FamilyDef = {
  id: 'senet',
  label: 'SENet',
  knobs: seKnobs,
  defaults: { block: 'bottleneck', layers: [3, 4, 6, 3], base_width: 64, groups: 1, last_stride: 2, ibn: false, num_classes: 1000, reduction: 16, se_bias: true, legacy: false },
  check: checkResidual,
  build: (id, k) => {
    const legacy = k.legacy === true;
    const graph = buildResidual(id, {
      ...residualOptions('senet', k),
      legacy,
      se: { reduction: k.reduction as number, bias: k.se_bias as boolean, module: legacy ? 'se_module' : 'se', rounding: legacy ? 'floor' : 'timm' },
    });
    // timm's senet.SENet trains with drop_rate 0.2 before last_linear (training memory only).
    return legacy ? { ...graph, headDropout: 0.2 } : graph;
  },
};
