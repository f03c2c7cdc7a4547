// Which preset a checkpoint file is named for, from its name alone (no vscode, no file access,
// so it is unit-tested): torchvision's hub files (`resnet50-19c8e357.pth`,
// `densenet121-a639ec97.pth`), plain names (`resnest50d.safetensors`, `resnet50_ft.pth`) and
// Hugging Face hub folders of timm models (`models--timm--resnest50d.in1k`). A name is only a
// hint: the worker checks every key and shape when it loads the file.
import { presetOfWeightsFile, presets } from '../../models';

export const CHECKPOINT_EXTENSIONS = /\.(pth|pt|safetensors|onnx)$/i;

/** Longest ids first, so `seresnext50_32x4d` wins over `resnext50_32x4d` inside a longer name. */
const ids = presets.map((p) => p.id).sort((a, b) => b.length - a.length);

/** The preset whose id starts `base`, followed by the end or a `-`, `_` or `.` separator. */
function matchStem(base: string): string | undefined {
  const lower = base.toLowerCase();
  for (const id of ids) {
    if (!lower.startsWith(id)) continue;
    const next = lower.charAt(id.length);
    if (next === '' || next === '-' || next === '_' || next === '.') return id;
  }
  return undefined;
}

/**
 * The preset a checkpoint file name (no folders) is named for, or undefined: an exact torchvision
 * or timm download name first (`seresnet18-4bb0ce65.pth` is timm's legacy_seresnet18), else the
 * longest preset id the name starts with.
 */
export function presetForFileName(fileName: string): string | undefined {
  return presetOfWeightsFile(fileName) ?? matchStem(fileName.replace(CHECKPOINT_EXTENSIONS, ''));
}

/** The preset of a Hugging Face hub cache folder `models--timm--<id>[.<tag>]`, or undefined. */
export function presetForHubFolder(folder: string): string | undefined {
  const m = /^models--timm--(.+)$/.exec(folder);
  return m ? matchStem(m[1]) : undefined;
}
