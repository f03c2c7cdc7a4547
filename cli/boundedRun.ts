// The CLI's run under the worker's time and memory bounds (inference/bounds.ts): an overrun
// prints the typed error naming the model file as the CLI's one error line and ends the process
// (onnxruntime cannot be interrupted).
import { statSync } from 'node:fs';
import { boundsFor, Watchdog } from '../inference/bounds';

/** `run` calls `step` when a step (a batch) is done: the next one gets its own time. */
export async function boundedRun<T>(modelFile: string, run: (step: () => void) => Promise<T>): Promise<T> {
  let size = 0;
  try {
    size = statSync(modelFile).size;
  } catch {
    // A missing file is reported by the run itself.
  }
  const watchdog = new Watchdog('backbone-lens: ');
  watchdog.start(modelFile, boundsFor(size));
  try {
    return await run(() => watchdog.step());
  } finally {
    watchdog.stop();
  }
}
