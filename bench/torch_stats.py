"""The PyTorch way of getting what `backbone-lens stats resnet50 --json` prints: build the model,
count parameters, and count conv/linear MACs with forward hooks on one 224x224 image.
Peer for bench/engine.mjs; run with Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14)."""
import json
import sys

import torch
import torchvision

name = sys.argv[1] if len(sys.argv) > 1 else "resnet50"
size = int(sys.argv[2]) if len(sys.argv) > 2 else 224
model = getattr(torchvision.models, name)().eval()
params = sum(p.numel() for p in model.parameters())
macs = 0


def hook(module, inputs, output):
    global macs
    if isinstance(module, torch.nn.Conv2d):
        kh, kw = module.kernel_size
        macs += output.numel() * (module.in_channels // module.groups) * kh * kw
    elif isinstance(module, torch.nn.Linear):
        macs += module.in_features * module.out_features


for m in model.modules():
    if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
        m.register_forward_hook(hook)
with torch.no_grad():
    model(torch.zeros(1, 3, size, size))
print(json.dumps({"id": name, "params": params, "macs": macs}))
