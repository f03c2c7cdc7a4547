// The int8 weight range per CPU (inference/int8Kernels.ts): 7 bits where onnxruntime's uint8 × int8
// kernels add products in saturating int16 (x86-64 without VNNI), 8 bits elsewhere.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cpuFlags, weightBitsFor } from '../../../inference/int8Kernels';

test('x64: 8-bit weights only with an int32 dot product (VNNI, AVX-VNNI, AMX); AVX2 or AVX-512 alone, or unknown flags, get 7', () => {
  assert.equal(weightBitsFor('x64', 'native', ['sse2', 'avx2', 'fma']), 7);
  assert.equal(weightBitsFor('x64', 'native', ['avx2', 'avx512f', 'avx512bw']), 7);
  assert.equal(weightBitsFor('x64', 'native', ['avx2', 'avx512f', 'avx512_vnni']), 8);
  assert.equal(weightBitsFor('x64', 'native', ['avx2', 'avx_vnni']), 8);
  assert.equal(weightBitsFor('x64', 'native', ['amx_tile', 'amx_int8']), 8);
  assert.equal(weightBitsFor('x64', 'native', undefined), 7);
});

test('arm64 and the WebAssembly build widen their products: 8-bit weights', () => {
  assert.equal(weightBitsFor('arm64', 'native', undefined), 8);
  assert.equal(weightBitsFor('x64', 'wasm', ['avx2']), 8);
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
