// Typed errors in the display language, in the real extension host: outside English a worker's or
// the engine's message (naming the file and the problem) follows its code's headline,
// translated by the bundle VS Code loaded (English here, so the headline reads as the source);
// in English the message stands alone; an error without a code gets no headline.
import * as assert from 'node:assert/strict';
import { codedText, errorText } from '../../../extension/errorText';
import { errorHeadline } from '../../../shared/errorHeadline';
import { ERROR_CODES, RemoteError } from '../../../shared/errors';
import { WeightsFormatError } from '../../../models';
import { test } from '../harness';

test('errorText: a coded error gets its headline outside English, the message alone in English', () => {
  const e = new RemoteError('weightsMismatch', '/w/model_best.pth: 3 keys differ from resnet50 (fc.weight: [10, 2048] in the file, [1000, 2048] in the model)');
  assert.equal(errorText(e, 'en'), e.message);
  assert.equal(errorText(e, 'en-gb'), e.message);
  assert.equal(errorText(e, 'zh-cn'), `The weights do not fit the model: ${e.message}`);
  const engine = new WeightsFormatError('/w/broken.safetensors', 'header length exceeds 16777216 bytes');
  assert.equal(errorText(engine, 'zh-cn'), `Unreadable weights file: ${engine.message}`);
  // The file system's errors and plain Errors carry their own words: no headline to add.
  assert.equal(errorText(new Error('cannot read the variant file (ENOENT)'), 'zh-cn'), 'cannot read the variant file (ENOENT)');
  assert.equal(errorText('a string', 'zh-cn'), 'a string');
});

test('errorText: every error code has a headline of its own', () => {
  const headlines = ERROR_CODES.map((c) => errorHeadline(c));
  assert.ok(headlines.every((h) => h.length > 0));
  assert.equal(new Set(headlines).size, ERROR_CODES.length, 'two codes share a headline');
});

test('codedText: an image that was not classified reads as its code says, outside English', () => {
  assert.equal(codedText('imageDecode', 'not a readable image (VipsJpeg: premature end of JPEG file)', 'zh-cn'), 'Cannot decode the image: not a readable image (VipsJpeg: premature end of JPEG file)');
  assert.equal(codedText('imagePath', 'no such file or folder', 'zh-cn'), 'Not classified: no such file or folder');
  assert.equal(codedText('imagePath', 'no such file or folder', 'en'), 'no such file or folder');
  assert.equal(codedText(undefined, 'no such file or folder', 'zh-cn'), 'no such file or folder');
});
