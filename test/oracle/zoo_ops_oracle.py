"""Logits of small timm models that use the zoo's new ops (BlurPool2d, GroupNorm, the 2×2
average-pool anti-aliasing, deep and tiered stems, avg-down shortcuts, timm's DenseNet deep stem),
with weights given by a formula the TypeScript test recomputes (no weights file is committed):
for the i-th element of the tensor with state-dict key k,
    w = sin(0.37 · i + s(k)) · scale,   s(k) = (sum of the key's character codes mod 97) / 7
scale = 1 / sqrt(fan in) for conv and linear weights, 0.1 for biases and BN means, and BN/GN
weights are 1 + 0.1 · sin(…), BN variances 1 + 0.5 · |sin(…)|. The input is
x[i] = sin(0.011 · i) over the flattened 1 × 3 × 96 × 96 tensor.

Run: /usr/bin/python3 test/oracle/zoo_ops_oracle.py   (timm from $TIMM_SRC, default /work/timm-src)
Writes test/fixtures/weights/zoo_ops.json.
"""
import json
import math
import os
import sys

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.environ.get('TIMM_SRC', '/work/timm-src'))
from timm.layers import BlurPool2d  # noqa: E402
from timm.models.densenet import DenseNet  # noqa: E402
from timm.models.resnet import BasicBlock, ResNet  # noqa: E402

SIZE = 96

# name → (the timm module, the equivalent variant file for Backbone Lens)
MODELS = {
    'blur_gn_deep': (
        lambda: ResNet(BasicBlock, (1, 1, 1, 1), num_classes=10, stem_type='deep', stem_width=32, avg_down=True, aa_layer=BlurPool2d, norm_layer='groupnorm'),
        {'family': 'resnet', 'block': 'basic', 'layers': [1, 1, 1, 1], 'stem_type': 'deep', 'stem_width': 32, 'avg_down': True, 'aa_layer': 'blurpool', 'norm': 'groupnorm', 'num_classes': 10},
    ),
    'avgaa_tiered': (
        lambda: ResNet(BasicBlock, (1, 1, 1, 1), num_classes=10, stem_type='deep_tiered', stem_width=32, avg_down=True, aa_layer=torch.nn.AvgPool2d),
        {'family': 'resnet', 'block': 'basic', 'layers': [1, 1, 1, 1], 'stem_type': 'deep_tiered', 'stem_width': 32, 'avg_down': True, 'aa_layer': 'avgpool', 'num_classes': 10},
    ),
    'densenet_blur_deep': (
        lambda: DenseNet(growth_rate=8, block_config=(2, 2), num_classes=10, stem_type='deep', aa_layer=BlurPool2d),
        {'family': 'densenet', 'growth_rate': 8, 'block_config': [2, 2], 'num_init_features': 16, 'stem_type': 'deep', 'aa_layer': 'blurpool', 'num_classes': 10},
    ),
}


def key_shift(key):
    return (sum(ord(c) for c in key) % 97) / 7


def formula_weights(model):
    sd = model.state_dict()
    out = {}
    for key, t in sd.items():
        if t.dtype != torch.float32:
            out[key] = t
            continue
        n = t.numel()
        s = np.sin(0.37 * np.arange(n, dtype=np.float64) + key_shift(key))
        leaf = key.rsplit('.', 1)[-1]
        if t.dim() >= 2:
            fan_in = n // t.shape[0]
            v = s / math.sqrt(fan_in)
        elif leaf == 'running_var':
            v = 1 + 0.5 * np.abs(s)
        elif leaf == 'weight':  # BN / GN scale
            v = 1 + 0.1 * s
        else:  # biases, running means
            v = 0.1 * s
        out[key] = torch.from_numpy(v.astype(np.float32)).reshape(t.shape)
    model.load_state_dict(out)


def main():
    torch.set_num_threads(1)
    x = torch.from_numpy(np.sin(0.011 * np.arange(3 * SIZE * SIZE, dtype=np.float64)).astype(np.float32)).reshape(1, 3, SIZE, SIZE)
    result = {'size': SIZE, 'models': []}
    for name, (make, variant) in MODELS.items():
        m = make().eval()
        formula_weights(m)
        with torch.no_grad():
            logits = m(x)[0].tolist()
        result['models'].append({'name': name, 'variant': variant, 'logits': [float(v) for v in logits]})
        print(name, ['%.4f' % v for v in logits[:4]])
    path = os.path.join(ROOT, 'test', 'fixtures', 'weights', 'zoo_ops.json')
    with open(path, 'w') as f:
        json.dump(result, f, sort_keys=True)
        f.write('\n')
    print('wrote', path)


if __name__ == '__main__':
    main()
