#!/usr/bin/python3
"""PyTorch oracle for Backbone Lens' weights readers, ONNX export and classify (issue 6).

Run:  /usr/bin/python3 test/oracle/weights_oracle.py            (writes test/fixtures/weights/)
      /usr/bin/python3 test/oracle/weights_oracle.py --full resnet50 --out DIR
                                                               (full-size preset, not committed)

For each family it builds a small variant (fewer stages, narrower, 10 classes, 60x60 input) with
torchvision's own modules (ResNet, ResNeXt, DenseNet) or test/oracle/refmodels.py (SENet,
Res2Net, ResNeSt), gives it random weights with non-trivial BatchNorm statistics, and writes:
  <name>.pth           torch.save(state_dict) (zip format), in the dtype the manifest names
  <name>.safetensors   the same tensors, written here (no safetensors package)
  <name>.backbone.json the same architecture as an engine variant
and in manifest.json PyTorch's logits for the preset's preprocessing of image.png.
Weights are rounded to bfloat16-representable values (tiny ones flushed to 0) so that F32,
F16 and BF16 files hold exactly the same numbers; the logits are computed in float32.
Also: preprocessed tensors (PIL + torchvision transforms, as timm/torchvision evaluate),
a tensor-views checkpoint, wrappers, a legacy-format file, a pickled module, and malicious
pickles (built with pickle.dumps, never loaded).
"""

import argparse
import io
import json
import math
import os
import pickle
import struct
import sys
import zipfile
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torchvision
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import refmodels  # noqa: E402

OUT_DIR = os.path.join(REPO, 'test', 'fixtures', 'weights')
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
SIZE = 60

# Preprocessing of the presets (conventions.md): torchvision 256/224 bilinear; timm per model.
PREPROC = {
    'resnet18': ('bilinear', 224 / 256), 'resnext50_32x4d': ('bilinear', 224 / 256),
    'densenet121': ('bilinear', 224 / 256), 'seresnet50': ('bicubic', 0.95),
    'res2net50_26w_4s': ('bilinear', 0.875), 'resnest50d': ('bilinear', 0.875),
    'resnet50': ('bilinear', 224 / 256), 'resnet101': ('bilinear', 224 / 256),
    'densenet161': ('bilinear', 224 / 256), 'seresnext50_32x4d': ('bicubic', 0.875),
    'res2net50_48w_2s': ('bilinear', 0.875), 'legacy_seresnet50': ('bilinear', 0.875),
}


def tv_truncated(model, stages, features, num_classes=10):
    """A torchvision ResNet keeping only its first `stages` stages: the later ones become
    Identity (no state-dict keys), the head reads `features` channels."""
    for i in range(stages + 1, 5):
        setattr(model, 'layer%d' % i, nn.Identity())
    model.fc = nn.Linear(features, num_classes)
    return model


class StagedTimmResNet(refmodels.TimmResNet):
    """refmodels.TimmResNet with fewer than four stages: its forward runs layer1..layer4 by
    name, this one runs the stages that exist (modules and keys are TimmResNet's own)."""

    def forward(self, x):
        x = self.maxpool(self.act1(self.bn1(self.conv1(x))))
        for i in range(1, 9):
            if hasattr(self, 'layer%d' % i):
                x = getattr(self, 'layer%d' % i)(x)
        return self.fc(self.global_pool(x))


def tiny_models():
    """name -> (engine variant, constructor, pth dtype, safetensors dtype)."""
    tvm = torchvision.models
    return OrderedDict([
        ('resnet18_tiny', (
            {'extends': 'resnet18', 'layers': [1, 1], 'num_classes': 10, 'input_size': SIZE},
            lambda: tv_truncated(tvm.resnet.ResNet(tvm.resnet.BasicBlock, [1, 1, 1, 1], num_classes=10), 2, 128),
            'F16', 'BF16')),
        ('resnext50_tiny', (
            {'extends': 'resnext50_32x4d', 'layers': [1], 'num_classes': 10, 'input_size': SIZE},
            lambda: tv_truncated(tvm.resnet.ResNet(tvm.resnet.Bottleneck, [1, 1, 1, 1], groups=32, width_per_group=4, num_classes=10), 1, 256),
            'F32', 'F16')),
        ('densenet121_tiny', (
            {'extends': 'densenet121', 'growth_rate': 8, 'block_config': [2, 2], 'num_init_features': 16, 'bn_size': 2, 'num_classes': 10, 'input_size': SIZE},
            lambda: tvm.densenet.DenseNet(growth_rate=8, block_config=(2, 2), num_init_features=16, bn_size=2, num_classes=10),
            'F32', 'F32')),
        ('seresnet50_tiny', (
            {'extends': 'seresnet50', 'layers': [1], 'num_classes': 10, 'input_size': SIZE},
            lambda: StagedTimmResNet(lambda i, p, s, d: refmodels.SEBottleneck(i, p, s, d), [1], num_classes=10),
            'BF16', 'F16')),
        ('res2net50_tiny', (
            {'extends': 'res2net50_26w_4s', 'layers': [1], 'base_width': 6, 'num_classes': 10, 'input_size': SIZE},
            lambda: StagedTimmResNet(lambda i, p, s, d: refmodels.Bottle2neck(i, p, s, d, base_width=6, scale=4), [1], num_classes=10),
            'F16', 'BF16')),
        ('resnest50_tiny', (
            {'extends': 'resnest50d', 'layers': [1, 1], 'stem_width': 8, 'base_width': 16, 'num_classes': 10, 'input_size': SIZE},
            lambda: StagedTimmResNet(lambda i, p, s, d: refmodels.ResNestBottleneck(i, p, s, d, base_width=16), [1, 1],
                                         stem_width=8, deep_stem=True, avg_down=True, num_classes=10),
            'F16', 'BF16')),
    ])


def full_model(model_id):
    if hasattr(torchvision.models, model_id):
        return getattr(torchvision.models, model_id)()
    return refmodels.PRESETS[model_id][0]()


def representable(t):
    """Rounds to a bfloat16 value that float16 also holds exactly (|x| >= 2^-14 or 0)."""
    t = t.to(torch.bfloat16).to(torch.float32)
    return torch.where(t.abs() < 2.0 ** -14, torch.zeros_like(t), t)


def randomize(model, seed, calibrate=False):
    """Random weights with non-trivial BatchNorm statistics, scaled so activations stay O(1).

    With `calibrate` (the full-size presets, where random statistics would let activations grow
    layer after layer until float32 rounding exceeds 1e-4 in the logits), the running statistics
    are measured on random inputs, then perturbed (mean + N(0, 0.1), var x U(0.8, 1.25))."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                fan_in = m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * math.sqrt(2.0 / fan_in))
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
            elif isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(torch.rand(c, generator=g) + 0.5)
                m.bias.copy_(torch.randn(c, generator=g) * 0.2)
                m.running_mean.copy_(torch.randn(c, generator=g) * 0.2)
                m.running_var.copy_(torch.rand(c, generator=g) * 1.5 + 0.5)
                m.num_batches_tracked.fill_(7)
            elif isinstance(m, nn.Linear):
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) / math.sqrt(m.in_features))
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
        if calibrate:
            bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
            for m in bns:
                m.reset_running_stats()
                m.momentum = None  # cumulative average
            model.train()
            for _ in range(3):
                model(torch.randn((8, 3, 224, 224), generator=g))
            for m in bns:
                m.running_mean.add_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.mul_(torch.rand(m.num_features, generator=g) * 0.45 + 0.8)
                # Channels that were (nearly) always zero would get a gain of 1/sqrt(eps) ~ 300
                # and amplify rounding noise: floor their variance.
                m.running_var.clamp_(min=0.05)
                m.momentum = 0.1
        for k, v in model.state_dict().items():
            if v.is_floating_point():
                v.copy_(representable(v))
    return model.eval()


TORCH_DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16}


def cast(sd, dtype):
    return OrderedDict((k, v.to(TORCH_DTYPES[dtype]) if v.is_floating_point() else v) for k, v in sd.items())


def write_safetensors(path, sd, dtype):
    """The safetensors layout: u64 LE header length, JSON header, raw little-endian data."""
    items = []
    for k, v in sd.items():
        v = v.contiguous()
        if v.is_floating_point():
            v = v.to(TORCH_DTYPES[dtype])
            raw = v.view(torch.int16).numpy().tobytes() if dtype == 'BF16' else v.numpy().tobytes()
            items.append((k, dtype, list(v.shape), raw))
        else:
            items.append((k, 'I64', list(v.shape), v.to(torch.int64).numpy().tobytes()))
    write_safetensors_items(path, items, metadata={'format': 'pt'})


def write_safetensors_items(path, items, metadata=None):
    """(key, safetensors dtype name, shape, raw little-endian bytes) in order, as a .safetensors file."""
    header = OrderedDict()
    if metadata is not None:
        header['__metadata__'] = metadata
    offset = 0
    for k, name, shape, raw in items:
        header[k] = {'dtype': name, 'shape': shape, 'data_offsets': [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for item in items:
            f.write(item[3])


def preprocess(img, size, interpolation, crop_pct):
    """timm's / torchvision's eval transform on a PIL image."""
    mode = InterpolationMode.BICUBIC if interpolation == 'bicubic' else InterpolationMode.BILINEAR
    return T.Compose([
        T.Resize(int(math.floor(size / crop_pct)), interpolation=mode),
        T.CenterCrop(size),
        T.ToTensor(),
        T.Normalize(MEAN, STD),
    ])(img.convert('RGB'))


def test_image(w, h, seed):
    """A deterministic RGB image with edges, gradients and noise (so resampling errors show)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0)
    g = 255 * (x / max(w - 1, 1))
    b = np.where((x // 8 + y // 8) % 2 == 0, 220.0, 30.0)
    img = np.stack([r, g, b], -1) + rng.normal(0, 12, (h, w, 3))
    return Image.fromarray(np.clip(np.round(img), 0, 255).astype(np.uint8), 'RGB')


def write_tensor(path, t):
    with open(path, 'wb') as f:
        f.write(t.contiguous().numpy().astype('<f4').tobytes())


def floats(t):
    return [float(v) for v in t.reshape(-1).tolist()]


class Evil:
    """A payload that would run a shell command if unpickled by Python's pickle."""

    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return (self.fn, (self.arg,))


def write_zip_pickle(path, archive, payload):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as z:
        z.writestr(archive + '/data.pkl', payload)
        z.writestr(archive + '/version', '3\n')


def main_fixtures(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    manifest = OrderedDict(size=SIZE, mean=MEAN, std=STD, images={}, inputs={}, models=[])

    images = {'image.png': test_image(90, 75, 1), 'small.png': test_image(40, 33, 2)}
    for name, img in images.items():
        img.save(os.path.join(out, name))
        manifest['images'][name] = list(img.size)
    for name in images:
        for interp, crop in (('bilinear', 0.875), ('bicubic', 0.95)):
            key = '%s_%s_%g' % (name[:-4], interp, crop)
            t = preprocess(Image.open(os.path.join(out, name)), SIZE, interp, crop)
            write_tensor(os.path.join(out, key + '.bin'), t)
            manifest['inputs'][key] = {'image': name, 'interpolation': interp, 'crop_pct': crop, 'file': key + '.bin', 'shape': [1, 3, SIZE, SIZE]}

    img = Image.open(os.path.join(out, 'image.png'))
    for i, (name, (variant, ctor, pth_dtype, st_dtype)) in enumerate(tiny_models().items()):
        model = randomize(ctor(), 100 + i)
        sd = model.state_dict()
        interp, crop = PREPROC[variant['extends']]
        x = preprocess(img, SIZE, interp, crop).unsqueeze(0)
        with torch.no_grad():
            logits = model(x)[0]
        torch.save(cast(sd, pth_dtype), os.path.join(out, name + '.pth'))
        write_safetensors(os.path.join(out, name + '.safetensors'), sd, st_dtype)
        with open(os.path.join(out, name + '.backbone.json'), 'w') as f:
            json.dump(dict(name=name, **variant), f, indent=2)
            f.write('\n')
        manifest['models'].append(OrderedDict(
            name=name, variant=name + '.backbone.json', pth=name + '.pth', pth_dtype=pth_dtype,
            safetensors=name + '.safetensors', safetensors_dtype=st_dtype,
            interpolation=interp, crop_pct=crop, params=sum(p.numel() for p in model.parameters()),
            logits=floats(logits)))
        if name == 'densenet121_tiny':
            wrapped = {'state_dict': OrderedDict(('module.' + k, v) for k, v in sd.items()), 'epoch': 3, 'arch': 'densenet'}
            torch.save(wrapped, os.path.join(out, name + '.wrapped.pth'))
        print('%-18s %7d params, max |logit| %.3f' % (name, manifest['models'][-1]['params'], float(logits.abs().max())))

    # Views: transposed, sliced with an offset, strided, sharing one storage; and a half copy.
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 8
    views = OrderedDict(transposed=base.t(), sliced=base[1:, 2:5], strided=base[:, ::2], half=base.half()[::2], count=torch.tensor(5))
    torch.save(views, os.path.join(out, 'views.pth'))
    manifest['views'] = OrderedDict((k, {'shape': list(v.shape), 'values': [float(x) for x in v.reshape(-1).tolist()]}) for k, v in views.items())

    # Formats that are refused, each with its own message.
    torch.save(OrderedDict(w=torch.zeros(2)), os.path.join(out, 'legacy.pth'), _use_new_zipfile_serialization=False)
    torch.save(nn.Linear(2, 2), os.path.join(out, 'module.pth'))
    # Malicious pickles: pickle.dumps only records a reference to os.system / builtins.exec;
    # nothing runs here, and these files are never loaded in Python.
    write_zip_pickle(os.path.join(out, 'malicious.pth'), 'malicious',
                     pickle.dumps(OrderedDict([('conv1.weight', Evil(os.system, 'echo pwned > /tmp/backbone-lens-pwned'))]), protocol=2))
    write_zip_pickle(os.path.join(out, 'malicious_p4.pth'), 'malicious_p4',
                     pickle.dumps({'fc.weight': Evil(exec, 'open("/tmp/backbone-lens-pwned", "w")')}, protocol=4))

    with open(os.path.join(out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    total = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
    print('wrote %s (%d files, %.2f MB)' % (out, len(os.listdir(out)), total / 1e6))


def main_full(model_id, out, image=None):
    """Full-size preset with random weights, for the opt-in comparison (BACKBONE_LENS_TORCH=1)."""
    os.makedirs(out, exist_ok=True)
    model = randomize(full_model(model_id), 7, calibrate=True)
    sd = model.state_dict()
    interp, crop = PREPROC[model_id]
    size = 224
    img = Image.open(image) if image else test_image(300, 240, 3)
    if not image:
        image = os.path.join(out, 'image.png')
        img.save(image)
    x = preprocess(img, size, interp, crop).unsqueeze(0)
    with torch.no_grad():
        logits = model(x)[0]
        # How well-conditioned the comparison is: PyTorch float32 against float64.
        f64_diff = float((model.double()(x.double())[0] - logits.double()).abs().max())
        model.float()
    torch.save(sd, os.path.join(out, model_id + '.pth'))
    write_safetensors(os.path.join(out, model_id + '.safetensors'), sd, 'F32')
    write_tensor(os.path.join(out, 'input.bin'), x[0])
    with open(os.path.join(out, 'full.json'), 'w') as f:
        json.dump({'model': model_id, 'image': image, 'pth': model_id + '.pth', 'safetensors': model_id + '.safetensors',
                   'input': 'input.bin', 'logits': floats(logits), 'float64_diff': f64_diff}, f)
    print('wrote %s: max |logit| %.3f, PyTorch float32 vs float64 max |diff| %.2e' % (out, float(logits.abs().max()), f64_diff))


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--full', help='a preset id: write a full-size random-weights comparison to --out')
    ap.add_argument('--out', default=OUT_DIR)
    ap.add_argument('--image')
    a = ap.parse_args()
    if a.full:
        main_full(a.full, a.out, a.image)
    else:
        main_fixtures(a.out)
