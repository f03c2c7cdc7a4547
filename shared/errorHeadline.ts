// What a typed error means, per error code (errors.ts), in the language @vscode/l10n is
// configured with: the extension host configures it with the display language's bundle on
// activation, the command line with its locale's (cli/language.ts). The engine words its messages
// in the same language; the file, the key, the knob and the numbers at fault stay as they are.
import * as l10n from '@vscode/l10n';
import type { ErrorCode } from './errors';

/** `message` after its code's headline, as every surface shows a typed error outside English. */
export function withHeadline(code: ErrorCode, message: string): string {
  return l10n.t('{0}: {1}', errorHeadline(code), message);
}

/** What an error of this code means, in the display language. */
export function errorHeadline(code: ErrorCode): string {
  switch (code) {
    case 'invalidMessage':
      return l10n.t('An internal message was malformed');
    case 'cancelled':
      return l10n.t('Cancelled');
    case 'workerExited':
      return l10n.t('The inference process stopped');
    case 'resourceLimit':
      return l10n.t('Stopped at its time or memory limit');
    case 'notAvailable':
      return l10n.t('Not available');
    case 'internal':
      return l10n.t('Internal error');
    case 'unknownModel':
      return l10n.t('Unknown model');
    case 'invalidConfig':
      return l10n.t('Invalid model configuration');
    case 'inputTooSmall':
      return l10n.t('Input too small for this model');
    case 'overflow':
      return l10n.t('A figure is too large to compute');
    case 'variantFile':
      return l10n.t('Invalid variant file');
    case 'weightsFormat':
      return l10n.t('Unreadable weights file');
    case 'unsafePickle':
      return l10n.t('Refused pickle (nothing was run)');
    case 'weightsMismatch':
      return l10n.t('The weights do not fit the model');
    case 'trainMemoryUnknown':
      return l10n.t('Training memory unknown');
    case 'onnxExport':
      return l10n.t('ONNX export failed');
    case 'quantization':
      return l10n.t('int8 quantization failed');
    case 'inference':
      return l10n.t('Inference failed');
    case 'provider':
      return l10n.t('Execution provider unavailable');
    case 'modelSource':
      return l10n.t('Cannot prepare the model');
    case 'modelLoad':
      return l10n.t('Cannot load the model');
    case 'modelRun':
      return l10n.t('The model failed to run');
    case 'imageDecode':
      return l10n.t('Cannot decode the image');
    case 'onnxCheck':
      return l10n.t('Refused ONNX file');
    case 'profile':
      return l10n.t('Profiling failed');
    case 'profileFormat':
      return l10n.t('Unreadable profile');
    case 'cam':
      return l10n.t('Cannot compute the class activation map');
    case 'randomWeights':
      return l10n.t('Cannot make random weights');
    case 'imagePath':
      return l10n.t('Not classified');
  }
}
