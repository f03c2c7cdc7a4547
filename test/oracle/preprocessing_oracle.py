#!/usr/bin/python3
"""Preprocessing oracle: writes test/fixtures/oracle/preprocessing.json.gz.

Run:  TIMM_SRC=/work/timm-src /usr/bin/python3 test/oracle/preprocessing_oracle.py

For each of the 94 names of zoo.py: every pretrained tag timm registers for it (its
pretrained_cfg, read from timm's default_cfgs; nothing is downloaded) with the eval transform
timm's own create_transform builds from it, the default tag marked; and for the torchvision
names every weights enum with its hub file name and weights.transforms(). Deterministic.
"""

import gzip
import json
import os
import sys
from urllib.parse import urlparse

import torchvision
from torchvision import transforms as T

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import zoo  # noqa: E402

OUT = os.path.join(REPO, 'test', 'fixtures', 'oracle', 'preprocessing.json.gz')


def file_name(url):
    return os.path.basename(urlparse(url).path) if url else None


def interp_name(mode):
    return mode.value if hasattr(mode, 'value') else str(mode)


def transform_steps(compose):
    """timm's eval transform as plain steps (sizes in pixels; a single resize size is the
    shorter side, two are height, width)."""
    steps = []
    for t in compose.transforms:
        if isinstance(t, T.Resize):
            size = t.size if isinstance(t.size, int) else list(t.size)
            steps.append({'op': 'resize', 'size': size, 'interpolation': interp_name(t.interpolation)})
        elif isinstance(t, T.CenterCrop):
            steps.append({'op': 'center_crop', 'size': list(t.size)})
        elif isinstance(t, T.Normalize):
            steps.append({'op': 'normalize', 'mean': [round(float(v), 6) for v in t.mean],
                          'std': [round(float(v), 6) for v in t.std]})
        elif type(t).__name__ in ('ToTensor', 'MaybeToTensor'):
            steps.append({'op': 'to_tensor'})
        else:
            raise AssertionError('unexpected step in timm eval transform: %r' % t)
    return steps


def timm_tags(name):
    timm = zoo.timm_module()
    default = timm.models.get_pretrained_cfg(name).tag
    tags = {}
    for full, cfg in timm.models.get_arch_pretrained_cfgs(name).items():
        c = cfg.to_dict()
        rec = {k: (list(c[k]) if isinstance(c[k], tuple) else c[k])
               for k in ('input_size', 'test_input_size', 'crop_pct', 'test_crop_pct', 'crop_mode',
                         'interpolation', 'mean', 'std', 'num_classes', 'hf_hub_id')
               if c.get(k) is not None}
        if c.get('url'):
            rec['file'] = file_name(c['url'])
        data_config = timm.data.resolve_data_config(pretrained_cfg=c)
        rec['eval_transform'] = transform_steps(timm.data.create_transform(**data_config, is_training=False))
        tags[cfg.tag] = rec
    assert default in tags, (name, default, list(tags))
    return {'default_tag': default, 'tags': tags}


def torchvision_weights(name):
    out = {}
    for w in torchvision.models.get_model_weights(name):
        t = w.transforms()
        out[w.name] = {
            'file': file_name(w.url),
            'resize_size': list(t.resize_size),
            'crop_size': list(t.crop_size),
            'interpolation': interp_name(t.interpolation),
            'mean': list(t.mean),
            'std': list(t.std),
            'num_params': w.meta['num_params'],
            'acc@1': w.meta['_metrics']['ImageNet-1K']['acc@1'],
        }
    return out


def main():
    names = {}
    for name in zoo.NAMES:
        rec = {'family': zoo.FAMILY_OF[name], 'timm': timm_tags(name)}
        if 'torchvision' in zoo.libraries(name):
            rec['torchvision'] = torchvision_weights(name)
        names[name] = rec
    out = {
        'sources': {'timm': zoo.version('timm'), 'torchvision': zoo.version('torchvision')},
        'names': names,
    }
    text = json.dumps(out, sort_keys=True, separators=(',', ':')) + '\n'
    with open(OUT, 'wb') as f:
        f.write(gzip.compress(text.encode('utf8'), compresslevel=9, mtime=0))
    ntags = sum(len(r['timm']['tags']) for r in names.values())
    print('%d names, %d timm tags, %d torchvision weights -> %s (%d bytes)'
          % (len(names), ntags, sum(len(r.get('torchvision', {})) for r in names.values()), OUT,
             os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
