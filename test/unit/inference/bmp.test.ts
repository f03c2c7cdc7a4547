// BMP decoding against PIL: test/oracle/bmp_oracle.py wrote each layout users have (24/32-bit,
// 8/4/1-bit palettes, greyscale, RLE8/RLE4, top-down) with what Image.open(f).convert('RGB')
// gives; every layout we decode must equal it byte for byte, and the others (4-bit, RLE) are
// refused with what to do. Hostile headers are refused before anything is decoded.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeImage, ImageDecodeError } from '../../../inference/decodeImage';
import { fixturesDir } from '../fixturePaths';

const dir = join(fixturesDir, 'bmp');
const names = readdirSync(dir).filter((f) => f.endsWith('.bmp')).map((f) => f.slice(0, -4));

test('the BMP fixtures cover every layout the oracle writes', () => {
  assert.deepEqual(names.sort(), ['grey8', 'mono1', 'palette4', 'palette8', 'rgb24', 'rgba32', 'rle4', 'rle8', 'topdown8']);
});

const REFUSED: Record<string, RegExp> = {
  palette4: /BMPs with 4 bits per pixel are not decoded \(1, 8, 24 and 32 are\); convert it to PNG/,
  rle8: /run-length coded \(RLE8\) BMPs are not decoded; convert it to PNG/,
  rle4: /run-length coded \(RLE4\) BMPs are not decoded; convert it to PNG/,
};

for (const name of names.filter((n) => !(n in REFUSED))) {
  test(`BMP ${name} decodes to PIL's convert('RGB') byte for byte`, async () => {
    const img = await decodeImage(join(dir, `${name}.bmp`));
    assert.deepEqual([img.width, img.height], [13, 7]);
    assert.deepEqual(Buffer.from(img.data), readFileSync(join(dir, `${name}.rgb`)));
  });
}

function refused(file: string, why: RegExp): Promise<void> {
  return assert.rejects(decodeImage(file), (e: unknown) => {
    assert.ok(e instanceof ImageDecodeError, String(e));
    assert.ok(e.message.startsWith(`${file}: `), e.message);
    assert.match(e.message, why);
    return true;
  });
}

for (const [name, why] of Object.entries(REFUSED)) {
  test(`BMP ${name} (which bmp-ts decodes wrongly) is refused, saying what to do`, () => refused(join(dir, `${name}.bmp`), why));
}

test('hostile BMPs get a typed error naming the file, before any pixel buffer is allocated', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'bl-bmp-'));
  const good = readFileSync(join(dir, 'rgb24.bmp'));
  const truncated = join(tmp, 'truncated.bmp');
  writeFileSync(truncated, good.subarray(0, good.length - 40));
  await refused(truncated, /truncated BMP: 13×7 pixels at 24 bits need \d+ bytes, the file has \d+/);
  const header = join(tmp, 'header.bmp');
  writeFileSync(header, good.subarray(0, 20));
  await refused(header, /truncated BMP header/);
  // 30000 × 30000 pixels claimed in 334 bytes: refused from the header, nothing allocated.
  const huge = Buffer.from(good);
  huge.writeInt32LE(30_000, 18);
  huge.writeInt32LE(30_000, 22);
  const bomb = join(tmp, 'bomb.bmp');
  writeFileSync(bomb, huge);
  await refused(bomb, /truncated BMP: 30000×30000 pixels at 24 bits need \d+ bytes, the file has 334/);
  const deep = Buffer.from(good);
  deep.writeUInt16LE(2, 28);
  const twoBit = join(tmp, 'two-bit.bmp');
  writeFileSync(twoBit, deep);
  await refused(twoBit, /2 bits per pixel are not decoded/);
  const jpegInside = Buffer.from(good);
  jpegInside.writeUInt32LE(4, 30);
  const jpegBmp = join(tmp, 'jpeg-inside.bmp');
  writeFileSync(jpegBmp, jpegInside);
  await refused(jpegBmp, /compression 4 .* is not supported/);
});
