// What the residual families (ResNet/ResNeXt, SENet, Res2Net, ResNeSt) share: the 7×7 stem or
// the deep 3×3 stem, the stage loop with torchvision's stride and projection rules, and the
// global-average-pool + linear head.
import type { GraphBuilder, Tensor } from '../graph/builder';

/** Output channels per stage of the bottleneck families before expansion. */
const STAGE_PLANES = [64, 128, 256, 512, 1024, 2048, 4096, 8192];

export interface BlockContext {
  planes: number;
  stride: number;
  /** The block needs a projection shortcut (stride ≠ 1 or channels change). */
  project: boolean;
  /** 0-based stage index. */
  stage: number;
}

/** Names of the modules without parameters, which differ between torchvision and timm. */
export interface ModuleNames {
  /** The stem's activation: torchvision `relu`, timm `act1`. */
  stemAct: string;
  /** The head's pooling: torchvision `avgpool`, timm `global_pool`. */
  pool: string;
  fc: string;
}

export const torchvisionNames: ModuleNames = { stemAct: 'relu', pool: 'avgpool', fc: 'fc' };
export const timmNames: ModuleNames = { stemAct: 'act1', pool: 'global_pool', fc: 'fc' };

/** torchvision's stem: 7×7/2 conv (pad 3) → BN → ReLU → 3×3/2 max pool (pad 1). */
export function plainStem(b: GraphBuilder, x: Tensor, names: ModuleNames): Tensor {
  return b.group(
    'stem',
    'Stem',
    '',
    () => {
      let t = b.conv('conv1', x, { out: 64, kernel: 7, stride: 2, padding: 3, depth: true });
      t = b.batchnorm('bn1', t);
      t = b.relu(names.stemAct, t);
      return b.maxpool('maxpool', t, { kernel: 3, stride: 2, padding: 1 });
    },
    'stem',
  );
}

/** timm's deep stem (`conv1.0`…`conv1.6`): three 3×3 convs, the first with stride 2; counts as one layer of depth. */
export function deepStem(b: GraphBuilder, x: Tensor, width: number): Tensor {
  return b.group(
    'stem',
    'Deep stem',
    '',
    () => {
      let t = b.withPrefix('conv1', () => {
        let s = b.conv('0', x, { out: width, kernel: 3, stride: 2, padding: 1, depth: true });
        s = b.relu('2', b.batchnorm('1', s));
        s = b.conv('3', s, { out: width, kernel: 3, padding: 1 });
        s = b.relu('5', b.batchnorm('4', s));
        return b.conv('6', s, { out: width * 2, kernel: 3, padding: 1 });
      });
      t = b.batchnorm('bn1', t);
      t = b.relu('act1', t);
      return b.maxpool('maxpool', t, { kernel: 3, stride: 2, padding: 1 });
    },
    'stem',
  );
}

/** Builds `layer1…layerN`; the first stage keeps the resolution, the last uses `lastStride`. */
export function residualStages(
  b: GraphBuilder,
  x: Tensor,
  layers: readonly number[],
  lastStride: number,
  expansion: number,
  block: (t: Tensor, ctx: BlockContext) => Tensor,
): Tensor {
  let inplanes = x.channels;
  layers.forEach((blocks, stage) => {
    const planes = STAGE_PLANES[stage];
    const stageStride = stage === 0 ? 1 : stage === layers.length - 1 ? lastStride : 2;
    x = b.group('stage', `Stage ${stage + 1} (layer${stage + 1})`, `layer${stage + 1}`, () => {
      let t = x;
      for (let j = 0; j < blocks; j++) {
        const stride = j === 0 ? stageStride : 1;
        const project = j === 0 && (stride !== 1 || inplanes !== planes * expansion);
        t = b.group('block', `Block ${j}`, String(j), () => block(t, { planes, stride, project, stage }));
        inplanes = planes * expansion;
      }
      return t;
    });
  });
  return x;
}

/** Global average pool → flatten → linear classifier. */
export function classifierHead(b: GraphBuilder, x: Tensor, numClasses: number, names: ModuleNames): Tensor {
  return b.group(
    'head',
    'Head',
    '',
    () => {
      // timm's global_pool is a module (SelectAdaptivePool2d) holding the pool and the flatten;
      // torchvision pools in a module and flattens with torch.flatten.
      const flat = names.pool === 'global_pool'
        ? b.withPrefix('global_pool', () => b.flatten('flatten', b.globalAvgPool('pool', x)))
        : b.flatten('flatten', b.globalAvgPool(names.pool, x));
      return b.linear(names.fc, flat, numClasses, { depth: true });
    },
    'head',
  );
}

/** Shortcut projection: 1×1 conv with the block's stride, then BN (`downsample.0`, `downsample.1`). */
export function projection(b: GraphBuilder, x: Tensor, out: number, stride: number): Tensor {
  return b.group('module', 'Projection shortcut', 'downsample', () => b.batchnorm('1', b.conv('0', x, { out, kernel: 1, stride })));
}
