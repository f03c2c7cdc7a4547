// A worker thread (worker_threads) that turns an image file into the network's input: decode
// (sharp) then the Pillow-exact eval transform (preprocess.ts). onnxruntime-node's `run` does its
// work on the calling thread, so preprocessing on that thread would wait for every run; here it
// runs beside it and the next batch is ready when the current run ends. One job at a time; the
// result (3 × H × W float32, CHW, with the image's size) is transferred, not copied.
import { toWire } from '../shared/errors';
import { parentPort } from 'node:worker_threads';
import { decodeImage, releaseImage } from './decodeImage';
import { useMessageLanguageFromEnv } from './messageLanguage';
import { preprocessInto } from './preprocess';
import type { PrepareJob, PrepareReply } from './prepareProtocol';

const port = parentPort;
if (!port) throw new Error('prepareThread.js runs only as a worker thread');
useMessageLanguageFromEnv();

port.on('message', (job: PrepareJob) => {
  void (async (): Promise<PrepareReply> => {
    try {
      const img = await decodeImage(job.file, job.maxPixels);
      const [h, w] = job.inputSize;
      const data = new Float32Array(3 * h * w);
      try {
        preprocessInto(img, job.preprocessing, job.inputSize, data);
      } finally {
        // The decoded pixels' share of the in-flight budget (decodeImage.ts) is free again.
        releaseImage(img);
      }
      return { id: job.id, input: { data, width: img.width, height: img.height } };
    } catch (e) {
      // The error's code travels with its message: the image's row says what kind of failure it was.
      return { id: job.id, error: toWire(e) };
    }
  })().then((reply) => port.postMessage(reply, reply.input ? [reply.input.data.buffer as ArrayBuffer] : []));
});
