#!/usr/bin/python3
"""PyTorch oracle for Backbone Lens' class activation maps and receptive-field boxes (issue 15).

Run:  /usr/bin/python3 test/oracle/cam_oracle.py        (writes test/fixtures/cam/cam.json)

Reads the committed reduced-width fixture models of weights_oracle.py (test/fixtures/weights/:
six families, weights from a fixed seed) and writes, independently of any formula:

- cams: for image.png under each model's preprocessing, the feature map F taken by a forward
  hook on the global pool's input (DenseNet, which pools functionally: relu of `features`'
  output, as its forward does) and the class activation map CAM_k = sum_c W[k, c] * F_c of the
  top-1 class and of class 3, with W the classifier's weight (no bias, no ReLU, no resizing).
- boxes: for a few nodes of a few families on a 96 x 80 (H x W) input, the input-gradient support
  of one output unit (the channel sum at a cell) in a positive float64 copy (rf.py's rf_copy:
  conv weights 1/fan_in, BN an identity, max pools as average pools of the same geometry, SE /
  split-attention gates on detached inputs), as [x0, y0, x1, y1] clipped to the image, x1 and y1
  exclusive; and whether the real model (random weights, gates live) has a nonzero input gradient
  outside that box (true exactly for the nodes after an SE / split-attention gate: global).
"""

import copy
import json
import os
import sys
from collections import OrderedDict

import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import rf  # noqa: E402  (rf_copy, _spans)
import weights_oracle as wo  # noqa: E402

WEIGHTS = os.path.join(REPO, 'test', 'fixtures', 'weights')
OUT = os.path.join(REPO, 'test', 'fixtures', 'cam')
BOX_INPUT = (96, 80)  # H, W
OTHER_CLASS = 3

# Nodes whose boxes are measured: PyTorch module names, which are also the engine's node or
# group paths. Gated nodes (after an SE or split-attention gate) are expected to be global.
BOX_NODES = OrderedDict([
    ('resnet18_tiny', ['conv1', 'maxpool', 'layer1', 'layer2.0.conv1', 'layer2']),
    ('densenet121_tiny', ['features.pool0', 'features.denseblock1', 'features.transition1', 'features.denseblock2']),
    ('res2net50_tiny', ['layer1.0.conv1', 'layer1']),
    ('seresnet50_tiny', ['layer1.0.conv2', 'layer1']),
    ('resnest50_tiny', ['maxpool', 'layer1.0.conv2.conv', 'layer1.0.downsample', 'layer1']),
])


def load_model(name):
    variant, ctor, _, _ = wo.tiny_models()[name]
    model = ctor()
    sd = torch.load(os.path.join(WEIGHTS, name + '.pth'))
    model.load_state_dict(OrderedDict((k, v.float() if v.is_floating_point() else v) for k, v in sd.items()))
    return variant, model.eval()


def classifier(model):
    return model.classifier if hasattr(model, 'classifier') else model.fc


def features_of(model, x):
    """(logits, F) with F the global pool's input, taken by a forward hook."""
    store = {}
    if hasattr(model, 'features'):  # torchvision DenseNet: relu(features(x)) is pooled functionally
        h = model.features.register_forward_hook(lambda m, i, o: store.__setitem__('F', F.relu(o)))
    else:
        pool = model.avgpool if hasattr(model, 'avgpool') else model.global_pool
        h = pool.register_forward_pre_hook(lambda m, i: store.__setitem__('F', i[0].clone()))
    try:
        with torch.no_grad():
            logits = model(x)
    finally:
        h.remove()
    return logits[0], store['F'][0]


def cams():
    img = Image.open(os.path.join(WEIGHTS, 'image.png'))
    out = []
    for name in wo.tiny_models():
        variant, model = load_model(name)
        interp, crop = wo.PREPROC[variant['extends']]
        x = wo.preprocess(img, wo.SIZE, interp, crop).unsqueeze(0)
        logits, feat = features_of(model, x)
        w = classifier(model).weight.detach().double()
        top1 = int(torch.argmax(logits))
        maps = OrderedDict()
        for k in (top1, OTHER_CLASS):
            cam = torch.einsum('c,chw->hw', w[k], feat.double())
            maps[str(k)] = [float(v) for v in cam.reshape(-1).tolist()]
        c, h, wd = feat.shape
        out.append(OrderedDict(name=name, image='image.png', top1=top1, feature_shape=[c, h, wd], cams=maps))
        print('%-18s F %dx%dx%d, top-1 %d, max |CAM| %.3f' % (name, c, h, wd, top1, max(abs(v) for v in maps[str(top1)])))
    return out


def _grad_at(m, module, cell, x):
    """|input gradient| (H x W, summed over colour channels) of the channel sum at `cell` of `module`'s output."""
    target = dict(m.named_modules())[module]
    store = {}
    hd = target.register_forward_hook(lambda mod, i, o: store.__setitem__('o', o.clone()))
    try:
        m(x)
    finally:
        hd.remove()
    o = store['o']
    r, c = cell
    g, = torch.autograd.grad(o[0, :, r, c].sum(), x)
    return g[0].abs().sum(dim=0), [int(o.shape[2]), int(o.shape[3])]


def support_box(model, module, cell):
    """[x0, y0, x1, y1] (clipped, exclusive) of the input-gradient support in the positive copy."""
    x = torch.ones(1, 3, BOX_INPUT[0], BOX_INPUT[1], dtype=torch.float64, requires_grad=True)
    g, grid = _grad_at(rf.rf_copy(model), module, cell, x)
    (r0, r1), (c0, c1) = rf._spans(g)
    return [c0, r0, c1 + 1, r1 + 1], grid


def depends_outside(model, module, cell, box):
    """Whether the real model (its random weights, float64, SE / split-attention gates live)
    has a nonzero input gradient outside `box`: the output then depends on more than the local
    field (the positive copy cannot show this for split attention, whose equal radix branches
    make the softmax gate's gradient cancel)."""
    x = torch.rand(1, 3, BOX_INPUT[0], BOX_INPUT[1], generator=torch.Generator().manual_seed(5), dtype=torch.float64).requires_grad_(True)
    g, _ = _grad_at(copy.deepcopy(model).double().eval(), module, cell, x)
    x0, y0, x1, y1 = box
    inside = torch.zeros_like(g, dtype=torch.bool)
    inside[y0:y1, x0:x1] = True
    return bool((g[~inside] > 0).any())


def boxes():
    out = []
    for name, nodes in BOX_NODES.items():
        _, model = load_model(name)
        for node in nodes:
            _, grid = support_box(model, node, (0, 0))
            oh, ow = grid
            cells = [(0, 0), (oh // 2, ow // 2), (oh - 1, ow - 1), (min(1, oh - 1), min(2, ow - 1))]
            entry = OrderedDict(model=name, node=node, input=list(BOX_INPUT), grid=grid, cells=[])
            for cell in cells:
                box, _ = support_box(model, node, cell)
                entry['cells'].append(OrderedDict(cell=list(cell), box=box, depends_outside_box=depends_outside(model, node, cell, box)))
            out.append(entry)
            print('%-18s %-22s grid %dx%d  centre box %s%s' % (name, node, oh, ow, entry['cells'][1]['box'],
                                                               '  (depends on pixels outside it)' if entry['cells'][1]['depends_outside_box'] else ''))
    return out


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    result = OrderedDict(box_convention='[x0, y0, x1, y1] in input pixels, clipped to the image, x1 and y1 exclusive',
                         cams=cams(), boxes=boxes())
    with open(os.path.join(OUT, 'cam.json'), 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')
    print('wrote %s' % os.path.join(OUT, 'cam.json'))


if __name__ == '__main__':
    main()
