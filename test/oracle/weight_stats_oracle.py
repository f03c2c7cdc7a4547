#!/usr/bin/python3
"""numpy oracle for the checkpoint statistics (issue 14): test/fixtures/weights/stats.json.

Run:  prlimit --as=6000000000 /usr/bin/python3 test/oracle/weight_stats_oracle.py

Writes two small checkpoints made for the statistics (stats_f32.pth, stats_mixed.safetensors:
NaN and ±Inf, zeros, a constant tensor, an empty one, integers, float64, a BatchNorm with
zero-variance and dead channels, a tensor of 100 000 elements) and, for those and every
checkpoint of weights_oracle.py's manifest, what numpy says of each tensor loaded by torch:
  - the tensor converted to float64 (exact for float16, bfloat16 and float32; a float64 tensor
    is first rounded to float32, as the readers load it), its finite
    elements f = a[np.isfinite(a)];
  - mean = np.mean(f), std = np.std(f) (ddof 0), min, max; mean_abs = np.mean(np.abs(f)) (what
    the test scales the mean's tolerance by);
  - zeros = count of a == 0, nonfinite = count of ~np.isfinite(a);
  - histogram = np.histogram(f, bins=64, range=(min, max)) on the float64 values;
  - BatchNorm health: channels with |running_var| <= 1e-6 and with |weight| <= 1e-6.
"""

import json
import os
import struct
import sys
from collections import OrderedDict

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from weights_oracle import write_safetensors_items  # noqa: E402

OUT_DIR = os.path.join(REPO, 'test', 'fixtures', 'weights')
BINS = 64
ZERO_VARIANCE = 1e-6
DEAD_SCALE = 1e-6


def stats_f32():
    g = torch.Generator().manual_seed(14)
    sd = OrderedDict()
    w = torch.randn(64, 32, 3, 3, generator=g) * 0.05
    w[0, 0, 0, :] = 0.0
    w[1, 1, 1, 1] = float('nan')
    w[2, 2, 2, 2] = float('inf')
    w[3, 3, 2, 2] = float('-inf')
    sd['conv1.weight'] = w
    sd['bn1.weight'] = torch.rand(64, generator=g) + 0.5
    sd['bn1.weight'][[3, 17, 40]] = 0.0
    sd['bn1.weight'][41] = 5e-7
    sd['bn1.bias'] = torch.randn(64, generator=g) * 0.1
    sd['bn1.running_mean'] = torch.randn(64, generator=g) * 0.1
    var = torch.rand(64, generator=g) + 0.1
    var[[5, 6]] = 0.0
    var[7] = 1e-9
    sd['bn1.running_var'] = var
    sd['bn1.num_batches_tracked'] = torch.tensor(123456, dtype=torch.int64)
    sd['big.weight'] = torch.randn(100_000, generator=g) * 3.0 + 1.5
    sd['constant.weight'] = torch.full((7, 3), 0.25)
    sd['zeros.weight'] = torch.zeros(10)
    sd['allnan.weight'] = torch.full((4,), float('nan'))
    sd['empty.weight'] = torch.zeros(0, 5)
    sd['fc.weight'] = torch.randn(10, 64, generator=g) * 0.01
    sd['fc.bias'] = torch.zeros(10)
    return sd


def stats_mixed(sd):
    """float64 and int32 tensors beside float32 ones, for the safetensors reader."""
    out = OrderedDict()
    out['double.weight'] = torch.linspace(-1.0, 1.0, 1001, dtype=torch.float64) ** 3
    out['int32.index'] = torch.arange(-50, 50, dtype=torch.int32)
    out['fc.weight'] = sd['fc.weight']
    return out


def write_mixed_safetensors(path, sd):
    names = {torch.float64: 'F64', torch.int32: 'I32', torch.float32: 'F32'}
    write_safetensors_items(path, [(k, names[v.dtype], list(v.shape), v.contiguous().numpy().tobytes()) for k, v in sd.items()])


def read_safetensors(path):
    """numpy float64 arrays by key (BF16 widened through its bits)."""
    with open(path, 'rb') as f:
        data = f.read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = OrderedDict()
    kinds = {'F32': np.float32, 'F16': np.float16, 'F64': np.float64, 'I64': np.int64, 'I32': np.int32}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        b, e = v['data_offsets']
        raw = body[b:e]
        if v['dtype'] == 'BF16':
            bits = np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16
            a = bits.view(np.float32).astype(np.float64)
        elif v['dtype'] == 'F64':
            # The readers load float64 tensors as float32 (what the engine computes in): so do these statistics.
            a = np.frombuffer(raw, dtype=np.float64).astype(np.float32).astype(np.float64)
        else:
            a = np.frombuffer(raw, dtype=kinds[v['dtype']]).astype(np.float64)
        out[k] = a.reshape(v['shape'])
    return out


def read_pth(path):
    sd = torch.load(path, map_location='cpu')
    if 'state_dict' in sd and isinstance(sd['state_dict'], dict):
        sd = sd['state_dict']
    out = OrderedDict()
    for k, v in sd.items():
        if torch.is_tensor(v):
            out[k] = v.to(torch.float64).numpy() if v.dtype != torch.int64 else v.numpy().astype(np.float64)
    return out


def tensor_stats(a):
    a = np.asarray(a, dtype=np.float64).reshape(-1)
    finite = np.isfinite(a)
    f = a[finite]
    out = {'count': int(a.size), 'zeros': int(np.count_nonzero(a == 0)), 'nonfinite': int(a.size - f.size)}
    if f.size == 0:
        out.update(mean=None, std=None, min=None, max=None, mean_abs=None, histogram=None)
        return out
    lo, hi = float(f.min()), float(f.max())
    counts, edges = np.histogram(f, bins=BINS, range=(lo, hi))
    out.update(mean=float(np.mean(f)), std=float(np.std(f)), min=lo, max=hi, mean_abs=float(np.mean(np.abs(f))),
               histogram={'lo': float(edges[0]), 'hi': float(edges[-1]), 'counts': [int(c) for c in counts]})
    return out


def batchnorm(arrays):
    out = []
    for k, v in arrays.items():
        if not k.endswith('.running_var') or v.ndim != 1:
            continue
        layer = k[:-len('.running_var')]
        w = arrays.get(layer + '.weight')
        if w is None or w.ndim != 1 or w.shape != v.shape:
            continue
        out.append({'layer': layer, 'channels': int(v.shape[0]),
                    'zeroVariance': [int(i) for i in np.nonzero(np.abs(v) <= ZERO_VARIANCE)[0]],
                    'dead': [int(i) for i in np.nonzero(np.abs(w) <= DEAD_SCALE)[0]]})
    return out


def main():
    sd = stats_f32()
    torch.save(sd, os.path.join(OUT_DIR, 'stats_f32.pth'))
    write_mixed_safetensors(os.path.join(OUT_DIR, 'stats_mixed.safetensors'), stats_mixed(sd))
    with open(os.path.join(OUT_DIR, 'manifest.json')) as f:
        manifest = json.load(f)
    files = ['stats_f32.pth', 'stats_mixed.safetensors', 'densenet121_tiny.wrapped.pth', 'views.pth']
    for m in manifest['models']:
        files += [m['pth'], m['safetensors']]
    result = OrderedDict()
    for name in files:
        path = os.path.join(OUT_DIR, name)
        arrays = read_safetensors(path) if name.endswith('.safetensors') else read_pth(path)
        result[name] = {'tensors': OrderedDict((k, tensor_stats(v)) for k, v in arrays.items()), 'batchnorm': batchnorm(arrays)}
    with open(os.path.join(OUT_DIR, 'stats.json'), 'w') as f:
        json.dump({'bins': BINS, 'zero_variance': ZERO_VARIANCE, 'dead_scale': DEAD_SCALE, 'numpy': np.__version__, 'files': result}, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print('wrote stats.json for', len(files), 'files')


if __name__ == '__main__':
    main()
