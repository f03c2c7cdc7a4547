#!/usr/bin/python3
"""Fine-tuned heads oracle: writes test/fixtures/oracle/heads.json.gz.

Run:  TIMM_SRC=/work/timm-src /usr/bin/python3 test/oracle/heads_oracle.py

What a checkpoint of a fine-tuned or headless model holds, for a few names of zoo.py, as each
library builds it (meta device, no data): with a 10-class head (torchvision
`<name>(num_classes=10)`, timm `create_model(name, num_classes=10)`) and headless (timm
`num_classes=0`, which makes the classifier an Identity; torchvision has no such argument, and
the common idiom `model.fc = nn.Identity()` / `model.classifier = nn.Identity()` is what is
recorded). Only the head differs from the 1000-class state dict in oracle.py's fixture (the
script asserts every other entry is the same, in the same order), so only the head is written.
"""

import gzip
import json
import os
import sys

import torch.nn as nn
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import zoo  # noqa: E402

OUT = os.path.join(REPO, 'test', 'fixtures', 'oracle', 'heads.json.gz')
NAMES = [
    'resnet18', 'resnet50', 'resnext50_32x4d', 'densenet121', 'resnet50d', 'resnetblur50',
    'seresnet50', 'seresnext50_32x4d', 'legacy_seresnet50', 'legacy_senet154',
    'res2net50_26w_4s', 'resnest50d',
]


def classifier_name(model):
    for n in ('fc', 'classifier', 'last_linear'):
        if hasattr(model, n):
            return n
    raise AssertionError('no classifier in %s' % type(model).__name__)


def build(name, library, num_classes):
    if library == 'timm':
        return zoo.timm_module().create_model(name, pretrained=False, num_classes=num_classes,
                                               device='meta')
    model = getattr(torchvision.models, name)(weights=None, num_classes=num_classes or 1000)
    if num_classes == 0:
        setattr(model, classifier_name(model), nn.Identity())
    return model.to('meta')


def entries(model):
    return [[k, list(v.shape)] for k, v in model.state_dict().items()]


def head_of(name, library, num_classes, base):
    model = build(name, library, num_classes)
    head_key = classifier_name(model) + '.'
    got = entries(model)
    body = [e for e in got if not e[0].startswith(head_key)]
    assert body == [e for e in base if not e[0].startswith(head_key)], (name, library, num_classes)
    return {
        'params': int(sum(p.numel() for p in model.parameters())),
        'head': [e for e in got if e[0].startswith(head_key)],
    }


def main():
    out = {'sources': {'timm': zoo.version('timm'), 'torchvision': zoo.version('torchvision')},
           'names': {}}
    for name in NAMES:
        rec = {}
        for library in zoo.libraries(name):
            base = entries(build(name, library, 1000))
            rec[library] = {str(n): head_of(name, library, n, base) for n in (10, 0)}
        if len(rec) == 2:
            assert rec['torchvision']['10'] == rec['timm']['10'], name
        out['names'][name] = rec
        print('%-20s %s' % (name, {lib: {n: (r['params'], len(r['head'])) for n, r in v.items()}
                                    for lib, v in rec.items()}))
    text = json.dumps(out, sort_keys=True, separators=(',', ':')) + '\n'
    with open(OUT, 'wb') as f:
        f.write(gzip.compress(text.encode('utf8'), compresslevel=9, mtime=0))
    print('-> %s (%d bytes)' % (OUT, os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
