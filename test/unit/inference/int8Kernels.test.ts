// The int8 weight format per CPU (inference/int8Kernels.ts): uint8 where onnxruntime's uint8 × int8
// kernels add products in saturating int16 (x86-64 without VNNI), int8 elsewhere.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cpuFlags, int8WeightFormat, WEIGHT_FORMAT_ENV, weightFormatFor } from '../../../inference/int8Kernels';

test('x64: int8 weights only with an int32 dot product (VNNI, AVX-VNNI, AMX); AVX2 or AVX-512 alone, or unknown flags, get uint8', () => {
  assert.equal(weightFormatFor('x64', 'native', ['sse2', 'avx2', 'fma']), 'uint8');
  assert.equal(weightFormatFor('x64', 'native', ['avx2', 'avx512f', 'avx512bw']), 'uint8');
  assert.equal(weightFormatFor('x64', 'native', ['avx2', 'avx512f', 'avx512_vnni']), 'int8');
  assert.equal(weightFormatFor('x64', 'native', ['avx2', 'avx_vnni']), 'int8');
  assert.equal(weightFormatFor('x64', 'native', ['amx_tile', 'amx_int8']), 'int8');
  assert.equal(weightFormatFor('x64', 'native', undefined), 'uint8');
});

test('arm64 and the WebAssembly build widen their products: int8 weights', () => {
  assert.equal(weightFormatFor('arm64', 'native', undefined), 'int8');
  assert.equal(weightFormatFor('x64', 'wasm', ['avx2']), 'int8');
});

test('cpuFlags reads the first CPU\'s flags line of /proc/cpuinfo, and gives undefined without one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-cpuinfo-'));
  const file = join(dir, 'cpuinfo');
  writeFileSync(file, 'processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu vme sse2 avx avx2 fma\nbugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: fpu avx2 avx512_vnni\n');
  assert.deepEqual(cpuFlags(file), ['fpu', 'vme', 'sse2', 'avx', 'avx2', 'fma']);
  writeFileSync(file, 'Processor\t: ARMv8\nFeatures\t: fp asimd\n');
  assert.equal(cpuFlags(file), undefined);
  assert.equal(cpuFlags(join(dir, 'absent')), undefined);
});

test('BACKBONE_LENS_INT8_WEIGHTS=int8 or uint8 overrides the flags; any other value leaves them in charge', () => {
  assert.equal(int8WeightFormat({ [WEIGHT_FORMAT_ENV]: 'int8' }), 'int8');
  assert.equal(int8WeightFormat({ [WEIGHT_FORMAT_ENV]: 'uint8' }), 'uint8');
  assert.equal(int8WeightFormat({ [WEIGHT_FORMAT_ENV]: 'int4' }), int8WeightFormat({}));
});
