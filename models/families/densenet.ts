// DenseNet as torchvision builds it: stem 7×7/2 conv → BN → ReLU → 3×3/2 max pool (features.conv0…pool0),
// dense blocks of BN → ReLU → 1×1 conv (bn_size × growth) → BN → ReLU → 3×3 conv (growth) whose
// output is concatenated to the input, transitions BN → ReLU → 1×1 conv → 2×2/2 average pool,
// then norm5 → ReLU → global average pool → linear. timm's DenseNet adds a deep stem (conv0…norm2:
// three 3×3 convs of growth, growth and num_init_features channels) and a blur-pooled stem pool.
// `memory_efficient` (torchvision's knob) runs each dense layer's concat → BN → ReLU → 1×1 conv
// under torch.utils.checkpoint, which changes only what training keeps for the backward pass.
import { InvalidConfigError } from '../errors';
import { GraphBuilder, type Tensor } from '../graph/builder';
import { aaLayerKnob, stemTypeKnob, type FamilyDef, type Naming } from './family';
import { commonKnobs, type KnobValues } from './knobs';
import { stemPool, type AaLayer } from './stages';

function buildDenseNet(modelId: string, k: KnobValues, naming: Naming) {
  const growth = k.growth_rate as number;
  const blocks = k.block_config as number[];
  const bnSize = k.bn_size as number;
  const compression = k.compression as number;
  const memoryEfficient = k.memory_efficient === true;
  const b = new GraphBuilder(modelId, 'densenet');
  let x = b.input(3);
  let features = 0;
  b.withPrefix('features', () => {
    x = b.group(
      'stem',
      'Stem',
      '',
      () => stem(b, x, k),
      'features.stem',
    );
    features = x.channels;
    blocks.forEach((layers, i) => {
      x = b.group('stage', `Dense block ${i + 1}`, `denseblock${i + 1}`, () => {
        let t = x;
        // The tensors torchvision's _DenseLayer receives as its list of previous features.
        const pieces: Tensor[] = [x];
        for (let j = 1; j <= layers; j++) {
          const layer = b.group('block', `Dense layer ${j}`, `denselayer${j}`, () => denseLayer(b, t, pieces, growth, bnSize, memoryEfficient));
          pieces.push(layer.added);
          t = layer.out;
        }
        return t;
      });
      features = x.channels;
      if (i !== blocks.length - 1) {
        const out = Math.floor(features * compression);
        if (out < 1) throw new InvalidConfigError('$.compression', `transition ${i + 1} would keep no channels (${features} × ${compression})`);
        x = b.group('transition', `Transition ${i + 1}`, `transition${i + 1}`, () => {
          let t = b.batchnorm('norm', x);
          t = b.relu('relu', t);
          t = b.conv('conv', t, { out, kernel: 1, depth: true });
          return b.avgpool('pool', t, { kernel: 2, stride: 2 });
        });
      }
    });
    x = b.group('module', 'Final norm', '', () => b.batchnorm('norm5', x), 'features.norm5');
  });
  const logits = b.group(
    'head',
    'Head',
    '',
    () => {
      const act = b.relu('relu', x);
      b.markFeatures(act);
      // timm pools in a module holding the flatten (`global_pool`); torchvision calls functions.
      const flat = naming === 'timm'
        ? b.withPrefix('global_pool', () => b.flatten('flatten', b.globalAvgPool('pool', act)))
        : b.flatten('flatten', b.globalAvgPool('avgpool', act));
      return k.num_classes === 0 ? flat : b.linear('classifier', flat, k.num_classes as number, { depth: true });
    },
    'head',
  );
  return b.finish(logits);
}

/** The stem: 7×7/2 conv, or timm's deep stem of three 3×3 convs (the first strided), each with its norm and ReLU; then the stem pool. */
function stem(b: GraphBuilder, x: Tensor, k: KnobValues): Tensor {
  const init = k.num_init_features as number;
  let t: Tensor;
  if (k.stem_type === 'deep') {
    const growth = k.growth_rate as number;
    t = b.relu('relu0', b.batchnorm('norm0', b.conv('conv0', x, { out: growth, kernel: 3, stride: 2, padding: 1, depth: true })));
    t = b.relu('relu1', b.batchnorm('norm1', b.conv('conv1', t, { out: growth, kernel: 3, padding: 1 })));
    t = b.relu('relu2', b.batchnorm('norm2', b.conv('conv2', t, { out: init, kernel: 3, padding: 1 })));
  } else {
    t = b.relu('relu0', b.batchnorm('norm0', b.conv('conv0', x, { out: init, kernel: 7, stride: 2, padding: 3, depth: true })));
  }
  return stemPool(b, t, k.aa_layer as AaLayer, 'pool0');
}

/** One dense layer; `out` is its input and new features concatenated, `added` the new features. */
function denseLayer(b: GraphBuilder, x: Tensor, pieces: readonly Tensor[], growth: number, bnSize: number, memoryEfficient: boolean): { out: Tensor; added: Tensor } {
  const norm1 = b.batchnorm('norm1', x);
  let t = b.relu('relu1', norm1);
  t = b.conv('conv1', t, { out: bnSize * growth, kernel: 1, depth: true });
  if (memoryEfficient) b.checkpoint(norm1, t, pieces);
  t = b.batchnorm('norm2', t);
  t = b.relu('relu2', t);
  t = b.conv('conv2', t, { out: growth, kernel: 3, padding: 1, depth: true });
  return { out: b.concat('cat', [x, t]), added: t };
}

export const densenetFamily: FamilyDef = {
  id: 'densenet',
  label: 'DenseNet',
  knobs: [
    { name: 'growth_rate', kind: 'int', min: 1, max: 4096, description: 'Channels each dense layer adds (k): 32, or 48 for DenseNet-161.' },
    { name: 'block_config', kind: 'intList', minLength: 1, maxLength: 8, min: 1, max: 500, description: 'Dense layers per block, e.g. [6, 12, 24, 16] for DenseNet-121.' },
    { name: 'bn_size', kind: 'int', min: 1, max: 64, description: 'Bottleneck factor: the 1×1 conv of a dense layer has bn_size × growth_rate channels.' },
    { name: 'num_init_features', kind: 'int', min: 1, max: 4096, description: 'Channels of the stem conv (64; 96 for DenseNet-161).' },
    { name: 'compression', kind: 'number', min: 0, max: 1, exclusiveMin: true, description: 'Fraction of channels a transition keeps (θ = 0.5 in torchvision).' },
    { name: 'memory_efficient', kind: 'bool', description: 'torchvision\'s checkpointed bottlenecks: each dense layer\'s concat → BN → ReLU → 1×1 conv is recomputed in the backward pass, so training keeps far fewer activations; inference and every count are unchanged.' },
    stemTypeKnob(['', 'deep']),
    aaLayerKnob(['', 'blurpool']),
    ...commonKnobs,
  ],
  defaults: { growth_rate: 32, block_config: [6, 12, 24, 16], bn_size: 4, num_init_features: 64, compression: 0.5, memory_efficient: false, stem_type: '', aa_layer: '', num_classes: 1000 },
  naming: 'torchvision',
  build: buildDenseNet,
};
