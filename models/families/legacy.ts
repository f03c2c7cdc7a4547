// The original Caffe SENet layout of timm's legacy_* models (timm senet.py): the stem lives in
// `layer0` (a 7×7/2 conv, or with a deep stem three 3×3 convs of 64, 64, 128 channels, each
// followed by BN and ReLU) and is followed by `pool0`, a 3×3/2 max pool in ceil mode without
// padding; the classifier is `last_linear`.
import type { GraphBuilder, Tensor } from '../graph/builder';
import type { ModuleNames, ResidualShape } from './stages';

export const legacyNames: ModuleNames = { stemAct: 'relu1', pool: 'global_pool', fc: 'last_linear' };

export function legacyStem(b: GraphBuilder, x: Tensor, s: ResidualShape): Tensor {
  return b.group(
    'stem',
    'Stem (layer0, pool0)',
    '',
    () => {
      const t = b.withPrefix('layer0', () => {
        if (s.stemType === '') return b.relu('relu1', b.batchnorm('bn1', b.conv('conv1', x, { out: 64, kernel: 7, stride: 2, padding: 3, depth: true })));
        const w = s.stemWidth;
        let u = b.relu('relu1', b.batchnorm('bn1', b.conv('conv1', x, { out: w, kernel: 3, stride: 2, padding: 1, depth: true })));
        u = b.relu('relu2', b.batchnorm('bn2', b.conv('conv2', u, { out: w, kernel: 3, padding: 1 })));
        return b.relu('relu3', b.batchnorm('bn3', b.conv('conv3', u, { out: w * 2, kernel: 3, padding: 1 })));
      });
      return b.maxpool('pool0', t, { kernel: 3, stride: 2, ceilMode: true });
    },
    'stem',
  );
}
