#!/usr/bin/python3
"""Training-memory oracle for Backbone Lens: writes test/fixtures/train-memory/<id>.json.

Run:  /usr/bin/python3 test/oracle/train_memory.py [ids...] [--timm-src DIR] [--batches 2 8]

What it measures (torch 1.13 on the CPU, fp32, model.train(), seed 0):
  saved_activation_bytes: during one training-mode forward pass, every tensor that autograd
    saves for the backward pass passes through torch.autograd.graph.saved_tensors_hooks; we sum
    the bytes of the *distinct storages* of those tensors, leaving out the storages of the
    model's parameters (the input batch, BatchNorm's running statistics, max-pool indices etc.
    are counted).  Each storage is charged to the module that was running when it was first
    saved (the innermost module whose forward was on the stack): per_module maps module path
    ('' for the model itself) to bytes.
  params_bytes: 4 bytes per parameter element.
  optimizer_bytes: the bytes of every tensor in optimizer.state after one step, for SGD,
    SGD with momentum 0.9, Adam and AdamW with torch's defaults.
Models: torchvision's constructors for the torchvision presets (DenseNet also with
memory_efficient=True, torchvision's checkpointed bottlenecks), timm's own create_model for
the timm presets (timm's source checkout on sys.path; --timm-src or $BACKBONE_LENS_TIMM_SRC,
default /work/timm-src).  No weights are loaded: memory does not depend on values.
"""

import argparse
import json
import os
import sys

import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT_DIR = os.path.join(REPO, 'test', 'fixtures', 'train-memory')

TORCHVISION_IDS = [
    'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'wide_resnet50_2',
    'resnext50_32x4d', 'resnext101_32x8d',
    'densenet121', 'densenet161', 'densenet169', 'densenet201',
]
TIMM_IDS = [
    'seresnet50', 'seresnext50_32x4d', 'legacy_seresnet50',
    'res2net50_26w_4s', 'res2net101_26w_4s', 'res2net50_48w_2s',
    'resnest50d', 'resnest101e',
]
ALL_IDS = TORCHVISION_IDS + TIMM_IDS
SIZE = 224


def build(pid, memory_efficient, timm):
    torch.manual_seed(0)
    if pid in TORCHVISION_IDS:
        kwargs = {'memory_efficient': True} if memory_efficient else {}
        model = getattr(torchvision.models, pid)(weights=None, **kwargs)
        source = 'torchvision %s %s%s' % (torchvision.__version__, pid, ' memory_efficient=True' if memory_efficient else '')
    else:
        model = timm.create_model(pid, pretrained=False)
        source = 'timm %s %s' % (timm.__version__, pid)
    model.train()
    return model, source


def saved_activations(model, batch):
    """Distinct saved storages of one training forward pass, charged to the running module."""
    names = {}
    for name, mod in model.named_modules():
        names.setdefault(id(mod), name)
    stack = []
    handles = []
    def enter(m, inputs):
        stack.append(names[id(m)])

    def leave(m, inputs, output):
        stack.pop()

    for mod in model.modules():
        handles.append(mod.register_forward_pre_hook(enter))
        handles.append(mod.register_forward_hook(leave))
    param_ptrs = {p.storage().data_ptr() for p in model.parameters()}
    seen = {}

    def pack(t):
        s = t.storage()
        ptr = s.data_ptr()
        if ptr not in param_ptrs and ptr not in seen:
            seen[ptr] = (stack[-1] if stack else '', s.nbytes())
        return t

    torch.manual_seed(1)
    x = torch.randn(batch, 3, SIZE, SIZE)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        y = model(x)
    for h in handles:
        h.remove()
    assert not stack, 'module stack not empty after forward: %s' % stack
    assert y.requires_grad
    per_module = {}
    for module, nbytes in seen.values():
        per_module[module] = per_module.get(module, 0) + nbytes
    return sum(n for _, n in seen.values()), dict(sorted(per_module.items()))


def optimizer_bytes(model):
    out = {}
    makers = {
        'sgd': lambda ps: torch.optim.SGD(ps, lr=0.1),
        'sgd-momentum': lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
        'adam': lambda ps: torch.optim.Adam(ps),
        'adamw': lambda ps: torch.optim.AdamW(ps),
    }
    params = list(model.parameters())
    for name, make in makers.items():
        for p in params:
            p.grad = torch.zeros_like(p)
        opt = make(params)
        opt.step()
        total = 0
        for state in opt.state.values():
            for v in state.values():
                if torch.is_tensor(v):
                    total += v.storage().nbytes()
        out[name] = total
        for p in params:
            p.grad = None
    return out


def measure(pid, batches, timm):
    configs = [False, True] if pid.startswith('densenet') else [False]
    result = {'id': pid, 'torch': torch.__version__, 'input': [SIZE, SIZE], 'dtype': 'float32', 'configs': {}}
    for memory_efficient in configs:
        model, source = build(pid, memory_efficient, timm)
        entry = {'source': source, 'batches': {}}
        for b in batches:
            total, per_module = saved_activations(model, b)
            entry['batches'][str(b)] = {'saved_activation_bytes': total, 'per_module': per_module}
        if not memory_efficient:
            result['params_bytes'] = sum(p.numel() for p in model.parameters()) * 4
            result['param_tensors'] = len(list(model.parameters()))
            result['optimizer_bytes'] = optimizer_bytes(model)
        result['configs']['memory_efficient' if memory_efficient else 'default'] = entry
        del model
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ids', nargs='*')
    ap.add_argument('--timm-src', default=os.environ.get('BACKBONE_LENS_TIMM_SRC', '/work/timm-src'))
    ap.add_argument('--batches', nargs='+', type=int, default=[2, 8])
    args = ap.parse_args()
    ids = args.ids or ALL_IDS
    unknown = [i for i in ids if i not in ALL_IDS]
    if unknown:
        raise SystemExit('unknown preset(s): %s' % unknown)
    timm = None
    if any(i in TIMM_IDS for i in ids):
        sys.path.insert(0, args.timm_src)
        import timm as timm_module  # noqa: E402  (a source checkout, not an installed package)
        timm = timm_module
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    os.makedirs(OUT_DIR, exist_ok=True)
    for pid in ids:
        res = measure(pid, args.batches, timm)
        with open(os.path.join(OUT_DIR, pid + '.json'), 'w') as f:
            json.dump(res, f, sort_keys=True, separators=(',', ':'))
            f.write('\n')
        summary = ', '.join('%s b%s %d' % (c, b, v['saved_activation_bytes'])
                            for c, e in res['configs'].items() for b, v in e['batches'].items())
        print('%-20s params %d  %s' % (pid, res['params_bytes'], summary), flush=True)


if __name__ == '__main__':
    main()
