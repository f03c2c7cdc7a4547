// DenseNet as torchvision builds it: stem 7×7/2 conv → BN → ReLU → 3×3/2 max pool (features.conv0…pool0),
// dense blocks of BN → ReLU → 1×1 conv (bn_size × growth) → BN → ReLU → 3×3 conv (growth) whose
// output is concatenated to the input, transitions BN → ReLU → 1×1 conv → 2×2/2 average pool,
// then norm5 → ReLU → global average pool → linear. timm's DenseNet adds a deep stem (conv0…norm2:
// three 3×3 convs of growth, growth and num_init_features channels) and a blur-pooled stem pool.
// `memory_efficient` (torchvision's knob) runs each dense layer's concat → BN → ReLU → 1×1 conv
// under torch.utils.checkpoint, which changes only what training keeps for the backward pass.
import * as l10n from '@vscode/l10n';
import { InvalidConfigError } from '../errors';
import { GraphBuilder, type Tensor } from '../graph/builder';
import { defineFamily, type Naming } from './family';
import { knob, type KnobsOf, type KnobValues } from './knobs';
import { aaLayerKnob, numClassesKnob, stemTypeKnob } from './sharedKnobs';
import { stemPool } from './stages';
import { countPerStage, dims, headKnobs, ratio, type StateDictLayout } from './stateDict';

const densenetSchema = {
  growth_rate: knob.int({ min: 1, max: 4096, default: 32, description: 'Channels each dense layer adds (k): 32, or 48 for DenseNet-161.' }),
  block_config: knob.intList({ minLength: 1, maxLength: 8, min: 1, max: 500, default: [6, 12, 24, 16], description: 'Dense layers per block, e.g. [6, 12, 24, 16] for DenseNet-121.' }),
  bn_size: knob.int({ min: 1, max: 64, default: 4, description: 'Bottleneck factor: the 1×1 conv of a dense layer has bn_size × growth_rate channels.' }),
  num_init_features: knob.int({ min: 1, max: 4096, default: 64, description: 'Channels of the stem conv (64; 96 for DenseNet-161).' }),
  compression: knob.number({ min: 0, max: 1, exclusiveMin: true, default: 0.5, description: 'Fraction of channels a transition keeps (θ = 0.5 in torchvision).' }),
  memory_efficient: knob.bool({ default: false, description: 'torchvision\'s checkpointed bottlenecks: each dense layer\'s concat → BN → ReLU → 1×1 conv is recomputed in the backward pass, so training keeps far fewer activations; inference and every count are unchanged.' }),
  stem_type: stemTypeKnob(['', 'deep']),
  aa_layer: aaLayerKnob(['', 'blurpool']),
  num_classes: numClassesKnob,
};

type DenseNetKnobs = KnobsOf<typeof densenetSchema>;

function buildDenseNet(modelId: string, k: DenseNetKnobs, naming: Naming) {
  const growth = k.growth_rate;
  const blocks = k.block_config;
  const bnSize = k.bn_size;
  const compression = k.compression;
  const memoryEfficient = k.memory_efficient;
  const b = new GraphBuilder(modelId);
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
        if (out < 1) throw new InvalidConfigError('$.compression', l10n.t('transition {0} would keep no channels ({1} × {2})', i + 1, features, compression));
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
  // The feature map is the head's ReLU (torchvision applies it functionally before pooling).
  const [logits, featureMap] = b.group(
    'head',
    'Head',
    '',
    () => {
      const act = b.relu('relu', x);
      // timm pools in a module holding the flatten (`global_pool`); torchvision calls functions.
      const flat = naming === 'timm'
        ? b.withPrefix('global_pool', () => b.flatten('flatten', b.globalAvgPool('pool', act)))
        : b.flatten('flatten', b.globalAvgPool('avgpool', act));
      return [k.num_classes === 0 ? flat : b.linear('classifier', flat, k.num_classes, { depth: true }), act] as const;
    },
    'head',
  );
  return b.finish(logits, featureMap);
}

/** The stem: 7×7/2 conv, or timm's deep stem of three 3×3 convs (the first strided), each with its norm and ReLU; then the stem pool. */
function stem(b: GraphBuilder, x: Tensor, k: DenseNetKnobs): Tensor {
  const init = k.num_init_features;
  let t: Tensor;
  if (k.stem_type === 'deep') {
    const growth = k.growth_rate;
    t = b.relu('relu0', b.batchnorm('norm0', b.conv('conv0', x, { out: growth, kernel: 3, stride: 2, padding: 1, depth: true })));
    t = b.relu('relu1', b.batchnorm('norm1', b.conv('conv1', t, { out: growth, kernel: 3, padding: 1 })));
    t = b.relu('relu2', b.batchnorm('norm2', b.conv('conv2', t, { out: init, kernel: 3, padding: 1 })));
  } else {
    t = b.relu('relu0', b.batchnorm('norm0', b.conv('conv0', x, { out: init, kernel: 7, stride: 2, padding: 3, depth: true })));
  }
  return stemPool(b, t, k.aa_layer, 'pool0');
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

/** DenseNet's state dict: growth and bottleneck width from the first dense layer, the stem's kernel (7×7 or the deep 3×3s), the transitions' compression. */
const densenetStateDict: StateDictLayout = {
  stemKeys: ['features.conv0.weight'],
  stageStarts: ['features.denseblock1.'],
  read: (m) => {
    if (!m.has('features.conv0.weight')) return undefined;
    const block = 'features.denseblock1.denselayer1';
    const growth = dims(m, `${block}.conv2.weight`)[0];
    const block_config = countPerStage(m, /^features\.denseblock(\d+)\.denselayer(\d+)\./, 1);
    const stem = dims(m, 'features.conv0.weight');
    const deep = stem[2] === 3;
    const knobs: KnobValues = {
      growth_rate: growth,
      block_config,
      bn_size: ratio(dims(m, `${block}.conv1.weight`)[0], growth, `${block}.conv1 width`),
      num_init_features: deep ? dims(m, 'features.conv2.weight')[0] : stem[0],
      stem_type: deep ? 'deep' : '',
      ...headKnobs(m, 'classifier.weight'),
    };
    const unknowable = ['memory_efficient', 'aa_layer'];
    if (block_config.length > 1) {
      const [out, features] = dims(m, 'features.transition1.conv.weight');
      knobs.compression = out / features;
    } else unknowable.push('compression');
    return { knobs, unknowable };
  },
};

export const densenetFamily = defineFamily({
  id: 'densenet',
  label: 'DenseNet',
  knobs: densenetSchema,
  naming: 'torchvision',
  memoryKnob: 'memory_efficient',
  build: buildDenseNet,
  stateDict: densenetStateDict,
});
