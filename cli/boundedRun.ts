// The CLI's run under the worker's time and memory bounds (inference/bounds.ts): an overrun
// prints the typed error naming the model file as the CLI's one error line and ends the process
// (onnxruntime cannot be interrupted).
import { statSync } from 'node:fs';
import { boundsFor, Watchdog, type RunBounds } from '../inference/bounds';

/**
 * `run` calls `step` when a step (a batch) is done: the next one gets its own time. The bounds
 * are the model file's (boundsFor its size) unless given; `subject` names the run in the error.
 */
export async function boundedRun<T>(subject: string, run: (step: () => void) => Promise<T>, bounds?: RunBounds): Promise<T> {
  let size = 0;
  try {
    if (!bounds) size = statSync(subject).size;
  } catch {
    // A missing file is reported by the run itself.
  }
  const watchdog = new Watchdog('backbone-lens: ');
  watchdog.start(subject, bounds ?? boundsFor(size));
  try {
    return await run(() => watchdog.step());
  } finally {
    watchdog.stop();
  }
}
