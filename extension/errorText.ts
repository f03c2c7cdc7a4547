// A typed error as the user reads it in the display language. The engine and the worker write
// their messages in English, the source text: they name the file, the key, the knob and the
// numbers at fault, which stay as they are. Outside English, the message is preceded by a
// headline in the display language that says, per error code (shared/errors.ts), what went wrong;
// in English the message alone says it.
import * as vscode from 'vscode';
import { CodedError, type ErrorCode } from '../shared/errors';

/** What an error of this code means, in the display language. */
export function errorHeadline(code: ErrorCode): string {
  switch (code) {
    case 'invalidMessage':
      return vscode.l10n.t('An internal message was malformed');
    case 'cancelled':
      return vscode.l10n.t('Cancelled');
    case 'workerExited':
      return vscode.l10n.t('The inference process stopped');
    case 'resourceLimit':
      return vscode.l10n.t('Stopped at its time or memory limit');
    case 'notAvailable':
      return vscode.l10n.t('Not available');
    case 'internal':
      return vscode.l10n.t('Internal error');
    case 'unknownModel':
      return vscode.l10n.t('Unknown model');
    case 'invalidConfig':
      return vscode.l10n.t('Invalid model configuration');
    case 'inputTooSmall':
      return vscode.l10n.t('Input too small for this model');
    case 'overflow':
      return vscode.l10n.t('A figure is too large to compute');
    case 'variantFile':
      return vscode.l10n.t('Invalid variant file');
    case 'weightsFormat':
      return vscode.l10n.t('Unreadable weights file');
    case 'unsafePickle':
      return vscode.l10n.t('Refused pickle (nothing was run)');
    case 'weightsMismatch':
      return vscode.l10n.t('The weights do not fit the model');
    case 'trainMemoryUnknown':
      return vscode.l10n.t('Training memory unknown');
    case 'onnxExport':
      return vscode.l10n.t('ONNX export failed');
    case 'quantization':
      return vscode.l10n.t('int8 quantization failed');
    case 'inference':
      return vscode.l10n.t('Inference failed');
    case 'provider':
      return vscode.l10n.t('Execution provider unavailable');
    case 'modelSource':
      return vscode.l10n.t('Cannot prepare the model');
    case 'modelLoad':
      return vscode.l10n.t('Cannot load the model');
    case 'modelRun':
      return vscode.l10n.t('The model failed to run');
    case 'imageDecode':
      return vscode.l10n.t('Cannot decode the image');
    case 'onnxCheck':
      return vscode.l10n.t('Refused ONNX file');
    case 'profile':
      return vscode.l10n.t('Profiling failed');
    case 'profileFormat':
      return vscode.l10n.t('Unreadable profile');
    case 'cam':
      return vscode.l10n.t('Cannot compute the class activation map');
    case 'randomWeights':
      return vscode.l10n.t('Cannot make random weights');
  }
}

/** `e` as the user reads it: its message, after its code's headline outside English (`language`: BCP 47, as vscode.env.language). */
export function errorText(e: unknown, language: string = vscode.env.language): string {
  const message = e instanceof Error ? e.message : String(e);
  // An error without a code (the file system's, or a plain Error whose message names its step) has no headline to add.
  if (!(e instanceof CodedError) || /^en(-|$)/i.test(language)) return message;
  return vscode.l10n.t('{0}: {1}', errorHeadline(e.code), message);
}
