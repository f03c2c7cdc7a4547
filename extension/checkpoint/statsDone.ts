// The checkpoint editor's news for Inspect: a checkpoint's statistics have all been streamed. An
// Inspect panel opened from that checkpoint while it was still streaming (its weight colours
// partial) takes the complete statistics and recolours, instead of saying "partial" until it is
// opened again. A module of its own so that neither side loads the other to talk.
import * as vscode from 'vscode';
import type { CheckpointWeights } from '../../shared/protocol/inspect';

const emitter = new vscode.EventEmitter<CheckpointWeights>();

/** Fired with a checkpoint's complete weight statistics (`partial` false) once its editor has streamed them all. */
export const onCheckpointStatsDone = emitter.event;

export function checkpointStatsDone(weights: CheckpointWeights): void {
  emitter.fire(weights);
}
