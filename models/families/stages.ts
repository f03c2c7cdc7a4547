// What the residual families (ResNet/ResNeXt, SENet, Res2Net, ResNeSt) share, as timm's ResNet
// builds them: the stems (7×7, deep, deep tiered), the stem pool and its anti-aliased forms, the
// norm layer, the stage loop with torchvision's stride and projection rules, the projection
// shortcuts (strided 1×1 or 3×3 conv, or avg-down), and the global-average-pool + linear head.
import type { GraphBuilder, Tensor } from '../graph/builder';
import type { KnobValues } from './knobs';

/** Output channels per stage of the bottleneck families before expansion. */
const STAGE_PLANES = [64, 128, 256, 512, 1024, 2048, 4096, 8192];

export type StemType = '' | 'deep' | 'deep_tiered';
export type AaLayer = '' | 'avgpool' | 'blurpool';
export type NormKind = 'batchnorm' | 'groupnorm';

/** GroupNorm's group count in timm's `norm_layer='groupnorm'` (resnet50_gn). */
export const GROUPNORM_GROUPS = 32;

/** timm ResNet's skeleton arguments that the residual families share. */
export interface ResidualShape {
  /** '' = one 7×7/2 conv of 64 channels; 'deep' = three 3×3 convs (w, w, 2w); 'deep_tiered' = (3·⌊w/4⌋, w, 2w). */
  readonly stemType: StemType;
  /** w above, in channels; the plain 7×7 stem ignores it (64 channels), as timm does. */
  readonly stemWidth: number;
  /** Projection shortcut = 2×2 average pool (ceil mode, padding not counted) → 1×1 conv → norm. */
  readonly avgDown: boolean;
  /** Anti-aliased downsampling: strided 3×3 convs run at stride 1 and this layer downsamples. */
  readonly aa: AaLayer;
  readonly norm: NormKind;
  /** Kernel of a strided projection conv (1; 3 with padding 1 in SENet-154). */
  readonly downKernel: number;
}

export function residualShape(k: KnobValues): ResidualShape {
  return {
    stemType: (k.stem_type ?? '') as StemType,
    stemWidth: (k.stem_width ?? 64) as number,
    avgDown: k.avg_down === true,
    aa: (k.aa_layer ?? '') as AaLayer,
    norm: (k.norm ?? 'batchnorm') as NormKind,
    downKernel: (k.down_kernel_size ?? 1) as number,
  };
}

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

/** The norm layer the shape asks for: BatchNorm2d, or GroupNorm with 32 groups. */
export function norm(b: GraphBuilder, name: string, x: Tensor, kind: NormKind): Tensor {
  return kind === 'groupnorm' ? b.groupnorm(name, x, GROUPNORM_GROUPS) : b.batchnorm(name, x);
}

/** Widths of the deep stem's three 3×3 convs. */
export function deepStemWidths(stemType: StemType, width: number): [number, number, number] {
  return stemType === 'deep_tiered' ? [3 * Math.floor(width / 4), width, width * 2] : [width, width, width * 2];
}

/**
 * timm's ResNet stem: `conv1` (a 7×7/2 conv, or the deep stem `conv1.0`…`conv1.6`, counted once
 * in the depth) → `bn1` → activation → `maxpool` (see stemPool).
 */
export function residualStem(b: GraphBuilder, x: Tensor, s: ResidualShape, names: ModuleNames): Tensor {
  return b.group(
    'stem',
    s.stemType === '' ? 'Stem' : s.stemType === 'deep' ? 'Deep stem' : 'Deep tiered stem',
    '',
    () => {
      let t: Tensor;
      if (s.stemType === '') t = b.conv('conv1', x, { out: 64, kernel: 7, stride: 2, padding: 3, depth: true });
      else {
        const [c1, c2, c3] = deepStemWidths(s.stemType, s.stemWidth);
        t = b.withPrefix('conv1', () => {
          let u = b.conv('0', x, { out: c1, kernel: 3, stride: 2, padding: 1, depth: true });
          u = b.relu('2', norm(b, '1', u, s.norm));
          u = b.conv('3', u, { out: c2, kernel: 3, padding: 1 });
          u = b.relu('5', norm(b, '4', u, s.norm));
          return b.conv('6', u, { out: c3, kernel: 3, padding: 1 });
        });
      }
      t = norm(b, 'bn1', t, s.norm);
      t = b.relu(names.stemAct, t);
      return stemPool(b, t, s.aa, 'maxpool');
    },
    'stem',
  );
}

/**
 * The stem's pooling (timm): a 3×3/2 max pool (padding 1); with `aa_layer: "avgpool"` a 2×2/2
 * average pool instead; with `"blurpool"` a 3×3/1 max pool followed by a stride-2 blur
 * (`<name>.0`, `<name>.1`).
 */
export function stemPool(b: GraphBuilder, x: Tensor, aa: AaLayer, name: string): Tensor {
  if (aa === 'avgpool') return b.avgpool(name, x, { kernel: 2, stride: 2 });
  if (aa === 'blurpool') return b.withPrefix(name, () => b.blurpool('1', b.maxpool('0', x, { kernel: 3, stride: 1, padding: 1 }), 2));
  return b.maxpool(name, x, { kernel: 3, stride: 2, padding: 1 });
}

/** Whether a block's strided 3×3 conv runs at stride 1 and an `aa` layer downsamples after it (timm: stride 2 only). */
export const usesAa = (aa: AaLayer, stride: number): boolean => aa !== '' && stride === 2;

/** timm's `aa` module of a block: AvgPool2d(stride) (kernel = stride) or BlurPool2d(stride). */
export function blockAa(b: GraphBuilder, x: Tensor, aa: AaLayer, stride: number): Tensor {
  return aa === 'avgpool' ? b.avgpool('aa', x, { kernel: stride, stride }) : b.blurpool('aa', x, stride);
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

/** Global average pool → flatten → linear classifier (none when `numClasses` is 0). */
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
      // Headless (num_classes 0): timm's Identity classifier, the pooled features are the output.
      return numClasses === 0 ? flat : b.linear(names.fc, flat, numClasses, { depth: true });
    },
    'head',
  );
}

/**
 * Projection shortcut (`downsample`): a conv with the block's stride then the norm
 * (`downsample.0`, `.1`; kernel `downKernel` where strided unless `kernelOverride` says otherwise,
 * padding ⌊kernel/2⌋), or with
 * `avgDown` a 2×2 average pool (ceil mode, padding not counted; only where strided) → 1×1 conv →
 * norm (`downsample.0`…`.2`, as timm's downsample_avg).
 */
export function projection(b: GraphBuilder, x: Tensor, out: number, stride: number, s?: ResidualShape, kernelOverride?: number): Tensor {
  const kind = s?.norm ?? 'batchnorm';
  if (s?.avgDown) {
    return b.group('module', 'Projection shortcut (avg down)', 'downsample', () => {
      const pooled = stride === 1 ? x : b.avgpool('0', x, { kernel: 2, stride, ceilMode: true, countIncludePad: false });
      return norm(b, '2', b.conv('1', pooled, { out, kernel: 1 }), kind);
    });
  }
  const kernel = kernelOverride ?? (stride === 1 ? 1 : (s?.downKernel ?? 1));
  return b.group('module', 'Projection shortcut', 'downsample', () => norm(b, '1', b.conv('0', x, { out, kernel, stride, padding: Math.floor(kernel / 2) }), kind));
}
