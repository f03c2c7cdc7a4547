// A typed error as the user reads it in the display language. The engine and the worker write
// their messages in English, the source text: they name the file, the key, the knob and the
// numbers at fault, which stay as they are. Outside English, the message is preceded by its
// code's headline (shared/errorHeadline.ts) in the display language; in English the message
// alone says it.
import * as vscode from 'vscode';
import { withHeadline } from '../shared/errorHeadline';
import { CodedError, type ErrorCode } from '../shared/errors';

/** `e` as the user reads it: its message, after its code's headline outside English (`language`: BCP 47, as vscode.env.language). */
export function errorText(e: unknown, language: string = vscode.env.language): string {
  // An error without a code (the file system's, or a plain Error whose message names its step) has no headline to add.
  if (!(e instanceof CodedError)) return e instanceof Error ? e.message : String(e);
  return codedText(e.code, e.message, language);
}

/** A message of a known code (an image's row in Classify) as the user reads it: after its headline outside English. */
export function codedText(code: ErrorCode | undefined, message: string, language: string = vscode.env.language): string {
  if (code === undefined || /^en(-|$)/i.test(language)) return message;
  return withHeadline(code, message);
}
