// The zoo: every torchvision 0.14 and timm name of the six families (models/zoo/*, pure data),
// with the preprocessing of each name's default pretrained weights.
import type { FamilyId } from './families';
import type { KnobValues } from './families/knobs';
import type { Library } from './zoo/entry';
import { densenetZoo, res2netZoo, resnestZoo } from './zoo/others';
import { resnetZoo } from './zoo/resnet';
import { senetZoo } from './zoo/senet';
import { timmPretrained } from './zoo/timmPretrained';
import { torchvisionWeights } from './zoo/torchvisionWeights';

export type { Library } from './zoo/entry';

export interface Preprocessing {
  /** Square input size in pixels after the crop. */
  inputSize: number;
  /** Resize to inputSize / cropPct (shorter side), then centre-crop inputSize. */
  cropPct: number;
  interpolation: 'bilinear' | 'bicubic';
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  /** Whose eval transform this is, e.g. `torchvision ResNet50_Weights.IMAGENET1K_V2` or `timm resnet50d.ra2_in1k`. */
  source?: string;
}

export interface Preset {
  readonly id: string;
  readonly family: FamilyId;
  readonly knobs: KnobValues;
  /** The libraries that build this name; the first one's module names and default weights are the preset's. */
  readonly origins: readonly Library[];
  /** Preprocessing of the default pretrained weights: torchvision's IMAGENET1K_V1 for torchvision names, else timm's default tag. */
  readonly preprocessing: Preprocessing;
  readonly description: string;
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** torchvision's weights.transforms(): resize the shorter side to `resize` (bilinear), crop 224. */
export function torchvisionPreprocessing(resize: number, source: string): Preprocessing {
  return { inputSize: 224, cropPct: 224 / resize, interpolation: 'bilinear', mean: IMAGENET_MEAN, std: IMAGENET_STD, source };
}

/** The eval preprocessing of timm's `<name>.<tag>` (the default tag when `tag` is undefined); undefined for a tag timm does not have. */
export function timmPreprocessing(name: string, tag?: string): Preprocessing | undefined {
  const rows = timmPretrained[name];
  const row = rows && (tag === undefined ? rows[0] : rows.find((r) => r[0] === tag));
  if (!row) return undefined;
  const [t, size, cropPct, interpolation, mean, std] = row;
  return { inputSize: size, cropPct, interpolation, mean: [mean[0], mean[1], mean[2]], std: [std[0], std[1], std[2]], source: `timm ${name}.${t}` };
}

/** The timm name and tag whose weights timm downloads as `fileName` (a GitHub release file such as `resnet50d_ra2-464e36ba.pth`). */
export function timmTagOfFile(fileName: string): { name: string; tag: string } | undefined {
  return timmFiles().get(fileName);
}

let filesByName: Map<string, { name: string; tag: string }> | undefined;
function timmFiles(): Map<string, { name: string; tag: string }> {
  if (!filesByName) {
    filesByName = new Map();
    for (const [name, rows] of Object.entries(timmPretrained)) for (const r of rows) if (r[6] !== '' && !filesByName.has(r[6])) filesByName.set(r[6], { name, tag: r[0] });
  }
  return filesByName;
}

/** The tags timm has for a name, the default first. */
export function timmTags(name: string): string[] {
  return (timmPretrained[name] ?? []).map((r) => r[0]);
}

function defaultPreprocessing(id: string, origins: readonly Library[]): Preprocessing {
  if (origins[0] === 'torchvision') {
    // IMAGENET1K_V1 resizes to 256, except ResNeXt101_64X4D's (its only weights, trained with the V2 recipe: 232).
    const v1 = torchvisionWeights.find((w) => w.preset === id && w.weights === 'IMAGENET1K_V1');
    if (!v1) throw new Error(`models/zoo/torchvisionWeights.ts has no IMAGENET1K_V1 file for ${id}`);
    return torchvisionPreprocessing(v1.resize, `torchvision ${id} IMAGENET1K_V1`);
  }
  const p = timmPreprocessing(id);
  if (!p) throw new Error(`models/zoo/timmPretrained.ts has no cfg for ${id} (rerun scripts/gen-timm-pretrained.py)`);
  return p;
}

export const presets: readonly Preset[] = [...resnetZoo, ...senetZoo, ...densenetZoo, ...res2netZoo, ...resnestZoo].map((e) => ({
  ...e,
  preprocessing: defaultPreprocessing(e.id, e.origins),
}));

const byId = new Map(presets.map((p) => [p.id, p]));

export function findPreset(id: string): Preset | undefined {
  return byId.get(id);
}
