// Model-, stage- and knob-level numbers for the hover, asked of the engine (which memoizes
// graphs and analyses), so the hover shows exactly what the diagram and the CLI show.
// Pure: no vscode import.
import { analyzeSpec, type Analysis, type GraphGroup, type ModelSpec, type ReceptiveField, type Shape } from '../../models';

export interface Totals {
  readonly params: number;
  /** Multiply-accumulates of conv and linear layers, one image. */
  readonly macs: number;
  readonly depth: number;
  /** [C, H, W] of the feature map before global pooling. */
  readonly featureShape: Shape;
  readonly rf: ReceptiveField;
  /** Input [H, W] in pixels. */
  readonly input: readonly [number, number];
  /** Params and MACs of the classifier head (global pool + linear), for "without head" figures. */
  readonly headParams: number;
  readonly headMacs: number;
  readonly headDepth: number;
}

export function totals(spec: ModelSpec): Totals {
  const a = analyzeSpec(spec);
  const head = a.graph.groups.find((g) => g.kind === 'head');
  const hs = head ? a.groups[head.id] : undefined;
  return {
    params: a.total.params,
    macs: a.total.macs,
    depth: a.total.depth,
    featureShape: a.featureShape,
    rf: a.receptiveField,
    input: a.input,
    headParams: hs?.params ?? 0,
    headMacs: hs?.macs ?? 0,
    headDepth: hs?.depth ?? 0,
  };
}

export interface StageStats {
  /** Group path for navigation, e.g. `layer3` or `features.denseblock2`. */
  readonly path: string;
  readonly label: string;
  /** Blocks (residual blocks, dense layers) in the stage. */
  readonly blocks: number;
  readonly shape: Shape;
  readonly params: number;
  readonly macs: number;
  readonly depth: number;
  /** Receptive field at the stage's output. */
  readonly rf: ReceptiveField;
  readonly input: readonly [number, number];
}

/** The `index`-th stage (0-based, in order: `layer1`…, `features.denseblock1`…), or undefined. */
export function stageStats(spec: ModelSpec, index: number): StageStats | undefined {
  const a: Analysis = analyzeSpec(spec);
  const stages = a.graph.groups.filter((g) => g.kind === 'stage');
  const g: GraphGroup | undefined = stages[index];
  if (!g) return undefined;
  const s = a.groups[g.id];
  return {
    path: g.path,
    label: g.label,
    blocks: g.children.filter((c) => a.graph.groups[c].kind === 'block').length,
    shape: s.shape,
    params: s.params,
    macs: s.macs,
    depth: s.depth,
    rf: s.rf,
    input: a.input,
  };
}
