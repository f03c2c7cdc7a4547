#!/usr/bin/python3
"""Architecture recognition oracle: state dicts that torchvision and timm build for knob settings
off the zoo's presets, and real checkpoints saved the ways training scripts save them.

Run:  TIMM_SRC=/work/timm-src prlimit --as=6000000000 /usr/bin/python3 test/oracle/recognize_oracle.py

Writes
  test/fixtures/oracle/recognize.json.gz   for each case: the library's constructor call, the
      engine variant it is (the knobs the constructor sets, in the engine's names), and the state
      dict as [key, shape, dtype] in the library's order (meta device: shapes, no data).
  test/fixtures/weights/recognize/*        small real files (random init, seed 0) re-saved from the
      tiny checkpoints of weights_oracle.py: fp16 under {"model": …} with DataParallel's prefix
      beside optimizer state, timm train.py's {"state_dict", "state_dict_ema"}, bf16 .safetensors
      with Lightning's "model." prefix, and a headless torchvision model (fc = nn.Identity()).

The presets themselves (94 names), their 10-class and headless heads are in oracle.py's and
heads_oracle.py's fixtures; this adds what those do not vary: blocks per stage, widths, groups,
SE reduction, Res2Net scale, ResNeSt radix/cardinality, DenseNet growth/bn_size/block config,
stems, avg-down, GroupNorm, the legacy SENet layout and odd class counts.
"""

import functools
import gzip
import json
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torchvision
from torchvision.models.densenet import DenseNet as TvDenseNet
from torchvision.models.resnet import BasicBlock as TvBasic, Bottleneck as TvBottleneck, ResNet as TvResNet

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import zoo  # noqa: E402
from weights_oracle import write_safetensors  # noqa: E402

OUT = os.path.join(REPO, 'test', 'fixtures', 'oracle', 'recognize.json.gz')
FILES = os.path.join(REPO, 'test', 'fixtures', 'weights', 'recognize')
TINY = os.path.join(REPO, 'test', 'fixtures', 'weights')


def cases():
    """label -> (library, the constructor call as text, builder, engine variant)."""
    timm = zoo.timm_module()
    from timm.layers import SEModule
    from timm.models import densenet, res2net, resnest, resnet, senet
    R = resnet.ResNet
    se8 = functools.partial(SEModule, rd_ratio=1. / 8)
    out = OrderedDict()

    def add(label, library, call, build, variant):
        out[label] = (library, call, build, variant)

    add('tv_resnet50_751', 'torchvision', 'resnet50(num_classes=751)',
        lambda: torchvision.models.resnet50(num_classes=751), {'extends': 'resnet50', 'num_classes': 751})
    add('tv_resnext_2111_g4w8', 'torchvision', 'ResNet(Bottleneck, [2, 1, 1, 1], groups=4, width_per_group=8, num_classes=3)',
        lambda: TvResNet(TvBottleneck, [2, 1, 1, 1], groups=4, width_per_group=8, num_classes=3),
        {'extends': 'resnet50', 'layers': [2, 1, 1, 1], 'groups': 4, 'base_width': 8, 'num_classes': 3})
    add('tv_basic_1211', 'torchvision', 'ResNet(BasicBlock, [1, 2, 1, 1], num_classes=5)',
        lambda: TvResNet(TvBasic, [1, 2, 1, 1], num_classes=5), {'extends': 'resnet18', 'layers': [1, 2, 1, 1], 'num_classes': 5})
    add('tv_densenet_g12', 'torchvision', 'DenseNet(growth_rate=12, block_config=(2, 3, 2), num_init_features=24, bn_size=2, num_classes=7)',
        lambda: TvDenseNet(growth_rate=12, block_config=(2, 3, 2), num_init_features=24, bn_size=2, num_classes=7),
        {'extends': 'densenet121', 'growth_rate': 12, 'block_config': [2, 3, 2], 'num_init_features': 24, 'bn_size': 2, 'num_classes': 7})

    def tv_headless():
        m = torchvision.models.wide_resnet50_2()
        m.fc = nn.Identity()
        return m
    add('tv_wide_resnet50_2_headless', 'torchvision', 'wide_resnet50_2(); model.fc = nn.Identity()', tv_headless,
        {'extends': 'wide_resnet50_2', 'num_classes': 0})
    add('timm_tiered_g2w16_headless', 'timm', "ResNet(Bottleneck, [1, 2, 1, 1], stem_type='deep_tiered', stem_width=16, avg_down=True, cardinality=2, base_width=16, num_classes=0)",
        lambda: R(resnet.Bottleneck, [1, 2, 1, 1], stem_type='deep_tiered', stem_width=16, avg_down=True, cardinality=2, base_width=16, num_classes=0),
        {'extends': 'resnet50', 'layers': [1, 2, 1, 1], 'stem_type': 'deep_tiered', 'stem_width': 16, 'avg_down': True, 'groups': 2, 'base_width': 16, 'num_classes': 0})
    add('timm_basic_deep24', 'timm', "ResNet(BasicBlock, [1, 1, 2, 1], stem_type='deep', stem_width=24, num_classes=12)",
        lambda: R(resnet.BasicBlock, [1, 1, 2, 1], stem_type='deep', stem_width=24, num_classes=12),
        {'extends': 'resnet18', 'layers': [1, 1, 2, 1], 'stem_type': 'deep', 'stem_width': 24, 'num_classes': 12})
    add('timm_se_r8', 'timm', 'ResNet(Bottleneck, [1, 1, 1, 1], block_args=dict(attn_layer=partial(SEModule, rd_ratio=1/8)))',
        lambda: R(resnet.Bottleneck, [1, 1, 1, 1], block_args=dict(attn_layer=se8)),
        {'extends': 'seresnet50', 'layers': [1, 1, 1, 1], 'reduction': 8})
    add('timm_seresnet18_headless', 'timm', "create_model('seresnet18', num_classes=0)",
        lambda: timm.create_model('seresnet18', num_classes=0), {'extends': 'seresnet18', 'num_classes': 0})
    add('timm_senet154_like', 'timm', "ResNet(Bottleneck, [1, 1, 1, 1], cardinality=8, base_width=4, stem_type='deep', stem_width=32, block_reduce_first=2, down_kernel_size=3, block_args=dict(attn_layer='se'), num_classes=4)",
        lambda: R(resnet.Bottleneck, [1, 1, 1, 1], cardinality=8, base_width=4, stem_type='deep', stem_width=32, block_reduce_first=2, down_kernel_size=3, block_args=dict(attn_layer='se'), num_classes=4),
        {'extends': 'senet154', 'layers': [1, 1, 1, 1], 'groups': 8, 'stem_width': 32, 'num_classes': 4})
    add('timm_gn_1111', 'timm', "ResNet(Bottleneck, [1, 1, 1, 1], norm_layer='groupnorm')",
        lambda: R(resnet.Bottleneck, [1, 1, 1, 1], norm_layer='groupnorm'), {'extends': 'resnet50_gn', 'layers': [1, 1, 1, 1]})
    add('timm_legacy_seresnet_r8', 'timm', 'SENet(SEResNetBottleneck, [1, 2, 1, 1], groups=1, reduction=8, inplanes=64, input_3x3=False, downsample_kernel_size=1, downsample_padding=0, num_classes=6)',
        lambda: senet.SENet(senet.SEResNetBottleneck, [1, 2, 1, 1], groups=1, reduction=8, inplanes=64, input_3x3=False, downsample_kernel_size=1, downsample_padding=0, num_classes=6),
        {'extends': 'legacy_seresnet50', 'layers': [1, 2, 1, 1], 'reduction': 8, 'num_classes': 6})
    add('timm_legacy_seresnext_g16_headless', 'timm', 'SENet(SEResNeXtBottleneck, [1, 1, 1, 1], groups=16, reduction=16, inplanes=64, input_3x3=False, downsample_kernel_size=1, downsample_padding=0, num_classes=0)',
        lambda: senet.SENet(senet.SEResNeXtBottleneck, [1, 1, 1, 1], groups=16, reduction=16, inplanes=64, input_3x3=False, downsample_kernel_size=1, downsample_padding=0, num_classes=0),
        {'extends': 'legacy_seresnext50_32x4d', 'layers': [1, 1, 1, 1], 'groups': 16, 'num_classes': 0})
    add('timm_res2next_14w_3s_g2', 'timm', 'ResNet(Bottle2neck, [1, 1, 2, 1], base_width=14, cardinality=2, block_args=dict(scale=3), num_classes=9)',
        lambda: R(res2net.Bottle2neck, [1, 1, 2, 1], base_width=14, cardinality=2, block_args=dict(scale=3), num_classes=9),
        {'extends': 'res2net50_26w_4s', 'layers': [1, 1, 2, 1], 'base_width': 14, 'groups': 2, 'scale': 3, 'num_classes': 9})
    add('timm_res2net_d16_2s', 'timm', "ResNet(Bottle2neck, [1, 1, 1, 1], base_width=26, stem_type='deep', stem_width=16, avg_down=True, block_args=dict(scale=2))",
        lambda: R(res2net.Bottle2neck, [1, 1, 1, 1], base_width=26, stem_type='deep', stem_width=16, avg_down=True, block_args=dict(scale=2)),
        {'extends': 'res2net50d', 'layers': [1, 1, 1, 1], 'stem_width': 16, 'scale': 2})
    add('timm_resnest_3s2x24d_headless', 'timm', "ResNet(ResNestBottleneck, [1, 1, 1, 1], stem_type='deep', stem_width=16, avg_down=True, base_width=24, cardinality=2, block_args=dict(radix=3, avd=True, avd_first=False), num_classes=0)",
        lambda: R(resnest.ResNestBottleneck, [1, 1, 1, 1], stem_type='deep', stem_width=16, avg_down=True, base_width=24, cardinality=2, block_args=dict(radix=3, avd=True, avd_first=False), num_classes=0),
        {'extends': 'resnest50d', 'layers': [1, 1, 1, 1], 'stem_width': 16, 'base_width': 24, 'cardinality': 2, 'radix': 3, 'num_classes': 0})
    add('timm_resnest_1s4x24d_2122', 'timm', "ResNet(ResNestBottleneck, [2, 1, 2, 2], stem_type='deep', stem_width=32, avg_down=True, base_width=24, cardinality=4, block_args=dict(radix=1, avd=True, avd_first=True), num_classes=20)",
        lambda: R(resnest.ResNestBottleneck, [2, 1, 2, 2], stem_type='deep', stem_width=32, avg_down=True, base_width=24, cardinality=4, block_args=dict(radix=1, avd=True, avd_first=True), num_classes=20),
        {'extends': 'resnest50d_1s4x24d', 'layers': [2, 1, 2, 2], 'num_classes': 20})
    add('timm_densenet_deep_g16', 'timm', "DenseNet(growth_rate=16, block_config=(2, 2, 3), bn_size=2, stem_type='deep', num_classes=11)",
        lambda: densenet.DenseNet(growth_rate=16, block_config=(2, 2, 3), bn_size=2, stem_type='deep', num_classes=11),
        {'extends': 'densenet264d', 'growth_rate': 16, 'block_config': [2, 2, 3], 'bn_size': 2, 'num_init_features': 32, 'num_classes': 11})
    return out


DTYPE_NAMES = {torch.float32: 'float32', torch.float16: 'float16', torch.bfloat16: 'bfloat16', torch.int64: 'int64'}


def entries(model):
    return [[k, list(v.shape), DTYPE_NAMES[v.dtype]] for k, v in model.state_dict().items()]


def write_files():
    """Real checkpoints, saved as training scripts save them, from weights_oracle.py's tiny files."""
    os.makedirs(FILES, exist_ok=True)
    manifest = []
    res2 = torch.load(os.path.join(TINY, 'res2net50_tiny.pth'))
    dense = torch.load(os.path.join(TINY, 'densenet121_tiny.pth'))

    def save(name, obj, variant, wrapper, prefix, dtype):
        torch.save(obj, os.path.join(FILES, name))
        manifest.append({'file': name, 'variant': variant, 'wrapper': wrapper, 'prefix': prefix, 'dtype': dtype})

    half = OrderedDict(('module.' + k, v.half() if v.is_floating_point() else v) for k, v in res2.items())
    optimizer = {'state': {0: {'momentum_buffer': torch.zeros(3)}}, 'param_groups': [{'lr': 0.1, 'params': [0]}]}
    save('res2net_fp16_dataparallel.pth', {'model': half, 'optimizer': optimizer, 'epoch': 3}, 'res2net50_tiny.backbone.json', 'model', 'module.', 'float16')
    ema = OrderedDict((k, v.clone()) for k, v in dense.items())
    save('densenet_state_dict_ema.pth', {'epoch': 7, 'arch': 'densenet121', 'state_dict': dense, 'optimizer': optimizer, 'state_dict_ema': ema},
         'densenet121_tiny.backbone.json', 'state_dict', '', DTYPE_NAMES[dense['features.conv0.weight'].dtype])
    lightning = OrderedDict(('model.' + k, v) for k, v in dense.items())
    write_safetensors(os.path.join(FILES, 'densenet_lightning_bf16.safetensors'), lightning, 'BF16')
    manifest.append({'file': 'densenet_lightning_bf16.safetensors', 'variant': 'densenet121_tiny.backbone.json', 'wrapper': None, 'prefix': 'model.', 'dtype': 'bfloat16'})
    headless = OrderedDict((k, v) for k, v in res2.items() if not k.startswith('fc.'))
    save('res2net_headless.pth', headless, 'res2net50_tiny.backbone.json', None, '', DTYPE_NAMES[headless['conv1.weight'].dtype])
    manifest[-1]['num_classes'] = 0
    return manifest


def main():
    torch.manual_seed(0)
    out = {'sources': {'timm': zoo.version('timm'), 'torchvision': zoo.version('torchvision'), 'torch': torch.__version__.split('+')[0]}, 'cases': []}
    for label, (library, call, build, variant) in cases().items():
        with torch.device('meta') if hasattr(torch, 'device') and hasattr(torch.device, '__enter__') else _nothing():
            model = build()
        out['cases'].append({'label': label, 'library': library, 'call': call, 'variant': variant, 'state_dict': entries(model)})
        print('%-36s %4d tensors' % (label, len(out['cases'][-1]['state_dict'])))
    out['files'] = write_files()
    text = json.dumps(out, sort_keys=True, separators=(',', ':')).encode('utf-8')
    with open(OUT, 'wb') as f:
        with gzip.GzipFile(fileobj=f, mode='wb', mtime=0) as g:
            g.write(text)
    print('wrote', OUT, 'and', len(out['files']), 'files in', FILES)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


if __name__ == '__main__':
    main()
