"""The zoo of issue 13: the 94 names, spelled as torchvision 0.14 and timm spell them, and how
each library builds them.

torchvision builds its 14 names with its own constructors; timm builds every name with its own
modules, imported from a local checkout of huggingface/pytorch-image-models (never copied into
this repository): the folder in $TIMM_SRC, default /work/timm-src.
"""

import os
import re
import sys

import torch
import torchvision

TIMM_SRC_DEFAULT = '/work/timm-src'

FAMILIES = {
    'resnet': [
        'resnet10t', 'resnet14t', 'resnet18', 'resnet18d', 'resnet26', 'resnet26d', 'resnet26t',
        'resnet34', 'resnet34d', 'resnet50', 'resnet50c', 'resnet50d', 'resnet50s', 'resnet50t',
        'resnet50_gn', 'resnet101', 'resnet101c', 'resnet101d', 'resnet101s', 'resnet152',
        'resnet152c', 'resnet152d', 'resnet152s', 'resnet200', 'resnet200d', 'resnetaa34d',
        'resnetaa50', 'resnetaa50d', 'resnetaa101d', 'resnetblur18', 'resnetblur50',
        'resnetblur50d', 'resnetblur101d', 'resnext50_32x4d', 'resnext50d_32x4d',
        'resnext101_32x4d', 'resnext101_32x8d', 'resnext101_32x16d', 'resnext101_32x32d',
        'resnext101_64x4d', 'wide_resnet50_2', 'wide_resnet101_2',
    ],
    'senet': [
        'seresnet18', 'seresnet34', 'seresnet50', 'seresnet50t', 'seresnet101', 'seresnet152',
        'seresnet152d', 'seresnet200d', 'seresnet269d', 'seresnetaa50d', 'seresnext26d_32x4d',
        'seresnext26t_32x4d', 'seresnext50_32x4d', 'seresnext101_32x4d', 'seresnext101_32x8d',
        'seresnext101_64x4d', 'seresnext101d_32x8d', 'seresnextaa101d_32x8d',
        'seresnextaa201d_32x8d', 'senet154', 'legacy_senet154', 'legacy_seresnet18',
        'legacy_seresnet34', 'legacy_seresnet50', 'legacy_seresnet101', 'legacy_seresnet152',
        'legacy_seresnext26_32x4d', 'legacy_seresnext50_32x4d', 'legacy_seresnext101_32x4d',
    ],
    'densenet': [
        'densenet121', 'densenet161', 'densenet169', 'densenet201', 'densenet264d',
        'densenetblur121d',
    ],
    'res2net': [
        'res2net50_14w_8s', 'res2net50_26w_4s', 'res2net50_26w_6s', 'res2net50_26w_8s',
        'res2net50_48w_2s', 'res2net50d', 'res2net101_26w_4s', 'res2net101d', 'res2next50',
    ],
    'resnest': [
        'resnest14d', 'resnest26d', 'resnest50d', 'resnest50d_1s4x24d', 'resnest50d_4s2x40d',
        'resnest101e', 'resnest200e', 'resnest269e',
    ],
}
NAMES = [n for names in FAMILIES.values() for n in names]
FAMILY_OF = {n: f for f, names in FAMILIES.items() for n in names}

# The names torchvision 0.14 builds too; every other name is timm's only.
TORCHVISION_NAMES = [
    'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d',
    'resnext101_32x8d', 'resnext101_64x4d', 'wide_resnet50_2', 'wide_resnet101_2',
    'densenet121', 'densenet161', 'densenet169', 'densenet201',
]


def libraries(name):
    """The libraries that build `name`, the fixture's primary one first."""
    return ['torchvision', 'timm'] if name in TORCHVISION_NAMES else ['timm']


_timm = None


def timm_module():
    """timm imported from $TIMM_SRC (a checkout of huggingface/pytorch-image-models)."""
    global _timm
    if _timm is None:
        src = os.environ.get('TIMM_SRC', TIMM_SRC_DEFAULT)
        if not os.path.isdir(os.path.join(src, 'timm')):
            raise SystemExit('timm source not found: %s/timm (set TIMM_SRC)' % src)
        sys.path.insert(0, src)
        import timm  # noqa: E402
        _timm = timm
    return _timm


def version(library):
    if library == 'timm':
        return timm_module().__version__
    m = re.match(r'\d+\.\d+\.\d+', torchvision.__version__)
    return m.group(0) if m else torchvision.__version__


def source(name, library):
    return '%s %s %s' % (library, version(library), name)


def build(name, library, device):
    """`name` as `library` builds it, eval mode, random init (seed 0), on `device` ('cpu' or
    'meta': a meta model has every shape and no data, enough for params, shapes and MACs)."""
    torch.manual_seed(0)
    if library == 'torchvision':
        model = getattr(torchvision.models, name)(weights=None)
        if device != 'cpu':
            model = model.to(device)
    else:
        model = timm_module().create_model(name, pretrained=False, device=device)
    return model.eval()
