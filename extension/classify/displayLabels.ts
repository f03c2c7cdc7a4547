// The class names a results panel shows. The worker's results carry the model's English names
// (`label`: what the exports, the command's summary and scripts read in every display language);
// in a language with translated ImageNet-1k names the host adds each class's `displayLabel` for
// the page, "丁鲷 (tench)" (inference/classLabels.ts). No vscode: unit-tested.
import { displayLabel } from '../../inference/classLabels';
import type { TopClassData } from '../../shared/protocol/classify';

/** `top` for the page in `language` (VS Code's display language, e.g. 'zh-cn'): a displayLabel where it differs from the label. */
export function withDisplayLabels(top: readonly TopClassData[], language: string): TopClassData[] {
  return top.map(({ index, label, prob }) => {
    const shown = displayLabel(index, label, language);
    return shown === label ? { index, label, prob } : { index, label, prob, displayLabel: shown };
  });
}

/** `top` as exports and the summary carry it: the English label only, as the CLI's `classify --json`. */
export function withoutDisplayLabels(top: readonly TopClassData[]): TopClassData[] {
  return top.map(({ index, label, prob }) => ({ index, label, prob }));
}
