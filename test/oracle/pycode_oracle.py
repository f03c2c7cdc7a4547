#!/usr/bin/env python3
"""Oracle for the static Python interpreter (models/python/): instantiates each model of the
corpus (test/fixtures/python/corpus.json) in PyTorch and records what the interpreter must equal:
learnable parameters, MACs of every Conv2d/Linear call (one image, at the file's input size),
and the output shape of every module called in forward (batch 1, the last call), plus each
module's type and parameter count (named_modules order).

The input size is 224x224 unless the file says `# backbone-lens: input HxW` (or `input N`).
Models are built in eval mode (dropout off, BatchNorm on running statistics), as the interpreter
reads them. No weights are loaded: shapes and counts do not depend on values.

Run: /usr/bin/python3 test/oracle/pycode_oracle.py  (writes test/fixtures/python/oracle.json)
"""
import importlib.util
import json
import os
import re
import sys

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, 'test', 'fixtures', 'python')
MARKER = re.compile(r'#\s*backbone-lens:\s*input\s+(\d+)(?:\s*[x×]\s*(\d+))?', re.I)


def input_size(text):
    m = MARKER.search(text)
    if not m:
        return [224, 224]
    h = int(m.group(1))
    return [h, int(m.group(2) or h)]


def notebook_code(path):
    """The code cells joined in order, magics and shell lines blanked (as models/python/notebook.ts)."""
    nb = json.load(open(path, encoding='utf-8'))
    parts = []
    for cell in nb['cells']:
        if cell.get('cell_type') != 'code':
            continue
        src = ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']
        parts.append('\n'.join('' if re.match(r'\s*[%!]', l) else l for l in src.split('\n')))
    return '\n'.join(parts)


def load(path):
    name = 'corpus_' + os.path.splitext(os.path.basename(path))[0]
    if path.endswith('.ipynb'):
        mod = type(sys)(name)
        exec(compile(notebook_code(path), path, 'exec'), mod.__dict__)
        return mod
    # A file inside a package (a folder with __init__.py) is imported as a module of its package,
    # so its relative imports work; any other file from its own folder.
    parts = [os.path.splitext(os.path.basename(path))[0]]
    folder = os.path.dirname(path)
    while os.path.exists(os.path.join(folder, '__init__.py')):
        parts.insert(0, os.path.basename(folder))
        folder = os.path.dirname(folder)
    if len(parts) > 1:
        sys.path.insert(0, folder)
        try:
            return importlib.import_module('.'.join(parts))
        finally:
            sys.path.pop(0)
    sys.path.insert(0, os.path.dirname(path))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.pop(0)


def macs_of(module, out):
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        return (out.numel() // out.shape[0]) * (module.in_channels // module.groups) * kh * kw
    if isinstance(module, nn.Linear):
        return (out.numel() // out.shape[0]) * module.in_features
    return 0


def first_tensor(y):
    if torch.is_tensor(y):
        return y
    if isinstance(y, (tuple, list)):
        for v in y:
            if torch.is_tensor(v):
                return v
    return None


def record(entry):
    path = os.path.join(CORPUS, entry['file'])
    text = notebook_code(path) if path.endswith('.ipynb') else open(path, encoding='utf-8').read()
    mod = load(path)
    torch.manual_seed(0)
    size = input_size(text)
    try:
        model = getattr(mod, entry['target'])
        if not isinstance(model, nn.Module):
            model = model(**entry.get('args', {}))
    except Exception as e:  # PyTorch itself refuses these arguments: recorded, the interpreter must refuse too
        return {'file': entry['file'], 'target': entry['target'], 'args': entry.get('args', {}), 'input': size,
                'init_error': '%s: %s' % (type(e).__name__, e)}
    model.eval()
    modules = []
    for name, m in model.named_modules():
        modules.append({'path': name, 'type': type(m).__name__,
                        'params': sum(p.numel() for p in m.parameters())})
    shapes = {}
    macs = [0]
    handles = []
    for name, m in model.named_modules():
        def hook(m, i, o, name=name):
            t = first_tensor(o)
            if t is not None:
                shapes[name] = list(t.shape)
            if t is not None:
                macs[0] += macs_of(m, t)
        handles.append(m.register_forward_hook(hook))
    out = {'file': entry['file'], 'target': entry['target'], 'args': entry.get('args', {}),
           'input': size, 'params': sum(p.numel() for p in model.parameters()),
           'modules': modules}
    try:
        with torch.no_grad():
            y = model(torch.randn(1, 3, size[0], size[1]))
        out['forward'] = {'macs': int(macs[0]), 'output': list(first_tensor(y).shape), 'shapes': shapes}
    except Exception as e:  # the forward does not fit this input size: recorded, not hidden
        out['forward'] = {'error': '%s: %s' % (type(e).__name__, str(e).split('\n')[0])}
    finally:
        for h in handles:
            h.remove()
    return out


def main():
    corpus = json.load(open(os.path.join(CORPUS, 'corpus.json'), encoding='utf-8'))
    results = []
    for entry in corpus['models']:
        r = record(entry)
        f = r.get('forward', {'error': r.get('init_error')})
        print('%-28s %-22s params %12d  %s' % (entry['file'], entry['target'], r.get('params', -1),
              ('MACs %d' % f['macs']) if 'macs' in f else f['error']))
        results.append(r)
    meta = {'torch': torch.__version__, 'generator': 'test/oracle/pycode_oracle.py'}
    with open(os.path.join(CORPUS, 'oracle.json'), 'w', encoding='utf-8') as fh:
        json.dump({'meta': meta, 'models': results}, fh, indent=1, sort_keys=True)
        fh.write('\n')


if __name__ == '__main__':
    main()
