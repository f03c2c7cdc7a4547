// The inference readers under fuzz: images (sharp's header, then the decode) and users' .onnx
// files, each run the way the worker runs them (the .onnx ones in a real worker process, so
// that a native crash or a hang is seen as what it is: the worker's typed error or exit).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceClient } from '../../inference/client';
import { CodedError } from '../../shared/errors';
import { decodeImage, ImageDecodeError, releaseImage } from '../../inference/decodeImage';
import type { FuzzTarget } from './harness';
import { tinyClassifier } from './hostileOnnx';

export function imageTarget(fixturesDir: string, workspaceDir: string, scratch: string): FuzzTarget {
  const seeds = [join(fixturesDir, 'weights', 'small.png'), join(fixturesDir, 'weights', 'image.png'), join(workspaceDir, 'images', 'Photo.JPG')].map((f) => new Uint8Array(readFileSync(f)));
  return {
    reader: 'images',
    seeds,
    fileName: join(scratch, 'fuzz-image'),
    run: async (b, f) => {
      writeFileSync(f, b);
      releaseImage(await decodeImage(f));
    },
    isTyped: (e) => e instanceof ImageDecodeError,
  };
}

/** `image` is what each fuzzed model classifies; `workerPath` the compiled worker. */
export function onnxTarget(workerPath: string, image: string, scratch: string, client = new InferenceClient(workerPath)): FuzzTarget & { client: InferenceClient } {
  return {
    reader: '.onnx',
    client,
    seeds: [tinyClassifier(4), tinyClassifier(10, ['N', 3, 32, 32], ['N', 10])],
    fileName: join(scratch, 'fuzz.onnx'),
    run: async (b, f) => {
      writeFileSync(f, b);
      await client.classify({ paths: [image], onnx: f, ep: 'cpu', logits: true });
    },
    // Any error the worker reports carries its code; a crash, a refused request or an uncoded
    // error (a bug) is not a typed answer. Only its message must name the file.
    isTyped: (e) => e instanceof CodedError && !['workerExited', 'invalidMessage', 'internal', 'cancelled'].includes(e.code),
  };
}
