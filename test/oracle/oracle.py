#!/usr/bin/python3
"""PyTorch oracle for Backbone Lens: writes test/fixtures/oracle/<name>.json.gz.

Run:  TIMM_SRC=/work/timm-src /usr/bin/python3 test/oracle/oracle.py [names...]
      (no names = all 94 of zoo.py; --no-rf skips the receptive fields, --no-logits the
      torchvision/timm logits comparison)

Every name is built by its own library (zoo.py): torchvision 0.14's constructor where
torchvision has the name, timm's own modules (from a checkout outside this repository) for every
timm name. Names that both libraries have are built by both and compared entry by entry; the
fixture holds the torchvision numbers and, under "timm", timm's numbers and every difference
(including whether timm's model, given torchvision's weights, computes the same logits).
Where shared/reference/state-dict-keys/<name>.json exists the state dict must equal it (keys,
shapes, dtypes and order). For inputs 224/320/197 it records the output shape of each child
and of every leaf Conv2d/Linear/BatchNorm2d/GroupNorm/BlurPool2d, with the MACs of each
conv/linear (conv = out_elems * in/groups * kh * kw, linear = in * out, bias not counted) and
the multiply-adds of timm's fixed BlurPool2d filter apart ("blur_macs"); shapes and MACs come
from a model on the meta device (shapes without data). For the names in RF_IDS it measures the
receptive field of each spatial child from input gradients (rf.py).
The output is deterministic; CI consumes the committed files without PyTorch.
"""

import argparse
import gzip
import json
import os
import sys
import time

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import rf  # noqa: E402
import zoo  # noqa: E402

OUT_DIR = os.path.join(REPO, 'test', 'fixtures', 'oracle')
REF_CANDIDATES = [
    os.path.join(REPO, 'shared', 'reference', 'state-dict-keys'),
    '/work/shared/reference/state-dict-keys',
]

SIZES = (224, 320, 197)

# Receptive fields: the first presets, and at least one name per knob of issue 13.
RF_IDS = {
    'resnet18', 'resnet50', 'resnext50_32x4d', 'wide_resnet50_2', 'seresnet50',
    'legacy_seresnet50', 'densenet121', 'res2net50_26w_4s', 'res2net50_48w_2s', 'resnest50d',
    'resnet50c',                 # stem_type deep, stem_width 32
    'resnet50s',                 # stem_type deep, stem_width 64
    'resnet26t',                 # stem_type deep_tiered (+ avg_down)
    'resnet50d',                 # avg_down (+ deep stem)
    'resnetaa50',                # aa_layer avgpool
    'resnetblur50',              # aa_layer blurpool
    'densenetblur121d',          # DenseNet deep stem + blurpool
    'senet154',                  # SENet-154 layout
    'resnet50_gn',               # norm groupnorm
    'legacy_seresnext26_32x4d',  # legacy SE-ResNeXt, stride on the 3x3
    'seresnext26t_32x4d',        # SENet with deep_tiered stem
    'res2net50d',                # Res2Net deep stem
    'resnest14d',                # ResNeSt deep stem
}
# Names whose last feature map is also measured on a square input (slow in float64).
SQUARE_CHECK_IDS = {'resnet18', 'resnet50', 'resnetblur50'}


def blurpool_class():
    return zoo.timm_module().layers.BlurPool2d


def is_densenet(name):
    return zoo.FAMILY_OF[name] == 'densenet'


def named_children_for(name, model):
    """(name, module) pairs whose outputs go into "children", in definition order: the model's
    children (for DenseNet the children of `features`, named `features.…`, then the rest),
    leaving out the ones that are identities in eval (nn.Identity, nn.Dropout)."""
    pairs = []
    for n, m in model.named_children():
        if is_densenet(name) and n == 'features':
            pairs += [('features.' + k, c) for k, c in m.named_children()]
        else:
            pairs.append((n, m))
    return [(n, m) for n, m in pairs if not isinstance(m, (nn.Identity, nn.Dropout))]


def feature_child(name):
    return 'features.norm5' if is_densenet(name) else 'layer4'


def load_reference(name):
    for d in REF_CANDIDATES:
        p = os.path.join(d, name + '.json')
        if os.path.exists(p):
            with open(p) as f:
                return json.load(f)['tensors']
    return None


def state_dict_entries(model):
    return [[k, list(v.shape), str(v.dtype).replace('torch.', '')]
            for k, v in model.state_dict().items()]


def entry_differences(what, got, ref):
    """Differences between two [key, shape(, dtype)] lists, as readable lines (empty: equal)."""
    if got == ref:
        return []
    ref_map = {e[0]: e[1:] for e in ref}
    got_map = {e[0]: e[1:] for e in got}
    missing = [k for k in ref_map if k not in got_map]
    extra = [k for k in got_map if k not in ref_map]
    wrong = [(k, got_map[k], ref_map[k]) for k in ref_map if k in got_map and got_map[k] != ref_map[k]]
    msg = ['%s: missing (%d) %s' % (what, len(missing), missing[:10]),
           '%s: unexpected (%d) %s' % (what, len(extra), extra[:10]),
           '%s: shape/dtype differs (%d) %s' % (what, len(wrong), wrong[:10])]
    if not missing and not extra and not wrong:
        first = next(i for i, (a, b) in enumerate(zip(got, ref)) if a != b)
        msg = ['%s: same entries, different order; first difference at #%d: %s vs %s'
               % (what, first, got[first][0], ref[first][0])]
    return [m for m in msg if ' (0) ' not in m]


# --------------------------------------------------------------------------------------------
# Shapes and MACs
# --------------------------------------------------------------------------------------------

def shape_of(t):
    return list(t.shape[1:])


def leaf_record(module, out):
    """What the fixture holds for one leaf module's output (batch 1)."""
    rec = {'shape': shape_of(out)}
    per_image = out.numel() // out.shape[0]
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        rec['macs'] = per_image * (module.in_channels // module.groups) * kh * kw
    elif isinstance(module, nn.Linear):
        rec['macs'] = per_image * module.in_features
    elif isinstance(module, blurpool_class()):
        # a depthwise filt_size x filt_size filter: not a parameter, not in conv MACs
        rec['blur_macs'] = per_image * module.filt_size * module.filt_size
    return rec


def shape_pass(name, model, size):
    leaf_types = (nn.Conv2d, nn.Linear, nn.BatchNorm2d, nn.GroupNorm, blurpool_class())
    device = next(model.parameters()).device
    leaf_rec, leaf_calls, child_rec, child_calls, child_order, handles = {}, {}, {}, {}, [], []

    for mname, mod in model.named_modules():
        if isinstance(mod, leaf_types):
            leaf_calls[mname] = 0

            def hook(m, i, o, mname=mname):
                leaf_calls[mname] += 1
                leaf_rec[mname] = leaf_record(m, o)
            handles.append(mod.register_forward_hook(hook))

    for cname, mod in named_children_for(name, model):
        child_calls[cname] = 0

        def chook(m, i, o, cname=cname):
            child_calls[cname] += 1
            child_order.append(cname)
            child_rec[cname] = shape_of(o)
        handles.append(mod.register_forward_hook(chook))

    x = torch.empty(1, 3, size, size, device=device)
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()

    bad = {n: c for n, c in leaf_calls.items() if c != 1}
    if bad:
        raise AssertionError('%s @%d: leaf modules not called exactly once: %s' % (name, size, bad))
    bad = {n: c for n, c in child_calls.items() if c != 1}
    if bad:
        raise AssertionError('%s @%d: children not called exactly once: %s' % (name, size, bad))

    fname = feature_child(name)
    entry = {
        'input': [3, size, size],
        'macs': int(sum(r.get('macs', 0) for r in leaf_rec.values())),
        'blur_macs': int(sum(r.get('blur_macs', 0) for r in leaf_rec.values())),
        'logits_shape': shape_of(y),
        'children': child_rec,
        'feature_shape': child_rec[fname],
        'modules': leaf_rec,
    }
    # the feature child must be the last spatial child called before global pooling
    spatial = [n for n in child_order if len(child_rec[n]) == 3 and child_rec[n][1:] != [1, 1]]
    assert spatial[-1] == fname, (name, spatial[-1], fname)
    return entry, child_order


def describe(name, library):
    """Everything the fixture records about `name` as `library` builds it (meta device)."""
    model = zoo.build(name, library, 'meta')
    rec = {
        'source': zoo.source(name, library),
        'params': int(sum(p.numel() for p in model.parameters())),
        'entries': state_dict_entries(model),
        'sizes': {},
        'size_errors': {},
    }
    for s in SIZES:
        try:
            rec['sizes'][str(s)], order = shape_pass(name, model, s)
        except RuntimeError as e:
            # the library itself cannot run this input size (e.g. the two paths of a residual
            # add disagree by one pixel): record PyTorch's message, not a number
            rec['size_errors'][str(s)] = str(e).splitlines()[0]
            continue
        if s == 224:
            rec['child_order'] = order
    del model
    return rec


def library_differences(a, b):
    """Every difference between two libraries' records of one name (empty: they agree)."""
    diffs = entry_differences('state_dict', [e[:2] for e in b['entries']], [e[:2] for e in a['entries']])
    if a['params'] != b['params']:
        diffs.append('params %d vs %d' % (a['params'], b['params']))
    if set(a['size_errors']) != set(b['size_errors']):
        diffs.append('input sizes that fail: %s vs %s' % (sorted(a['size_errors']), sorted(b['size_errors'])))
    for s in a['sizes']:
        if s not in b['sizes']:
            continue
        x, y = a['sizes'][s], b['sizes'][s]
        for k in ('macs', 'blur_macs', 'logits_shape', 'feature_shape'):
            if x[k] != y[k]:
                diffs.append('%s at %s: %s vs %s' % (k, s, x[k], y[k]))
        if set(x['modules']) != set(y['modules']):
            diffs.append('leaf modules at %s: only first %s, only second %s'
                         % (s, sorted(set(x['modules']) - set(y['modules']))[:10],
                            sorted(set(y['modules']) - set(x['modules']))[:10]))
        diffs += ['module %s at %s: %s vs %s' % (m, s, x['modules'][m], y['modules'][m])
                  for m in x['modules'] if m in y['modules'] and x['modules'][m] != y['modules'][m]]
        diffs += ['child %s at %s: %s vs %s' % (c, s, x['children'][c], y['children'][c])
                  for c in x['children'] if c in y['children'] and x['children'][c] != y['children'][c]]
    return diffs


def same_function(name, log):
    """Loads torchvision's weights (random, with random BN statistics) into timm's model of the
    same name (strict) and compares the logits of one random 224 input: True when they agree to
    float32 rounding, which shows the two compute the same function, not only the same shapes."""
    tv = zoo.build(name, 'torchvision', 'cpu')
    with torch.no_grad():
        for mod in tv.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.5, 0.5)
                mod.running_var.uniform_(0.5, 2.0)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.5, 0.5)
    tm = zoo.build(name, 'timm', 'cpu')
    tm.load_state_dict(tv.state_dict(), strict=True)
    torch.manual_seed(2)
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        a, b = tv(x), tm(x)
    diff = float((a - b).abs().max())
    scale = float(a.abs().max())
    log('    %s: torchvision vs timm logits, max |diff| %.3g (max |logit| %.3g)' % (name, diff, scale))
    del tv, tm
    return diff <= 1e-5 * max(1.0, scale)


# --------------------------------------------------------------------------------------------

def fixture_path(name):
    return os.path.join(OUT_DIR, name + '.json.gz')


def keep_measured_rf(out, log):
    """With --no-rf, carries the receptive field over from the fixture already written, but only
    when that fixture describes the same model (same state dict and the same sizes)."""
    path = fixture_path(out['id'])
    if not os.path.exists(path):
        return
    with gzip.open(path) as f:
        old = json.load(f)
    if 'receptive_field' in old and old['state_dict'] == out['state_dict'] and old['sizes'] == out['sizes']:
        out['receptive_field'] = old['receptive_field']
        log('    kept the receptive field measured before (same model)')
    else:
        log('    receptive field dropped: the model changed, measure it again')


def run_one(name, log, with_rf=True, with_logits=True, square_check=False):
    t0 = time.time()
    libs = zoo.libraries(name)
    recs = {lib: describe(name, lib) for lib in libs}
    ref = load_reference(name)
    for lib, rec in recs.items():
        if ref is not None:
            diffs = entry_differences('state dict of %s vs shared/reference' % rec['source'],
                                      rec['entries'], ref)
            if diffs:
                raise AssertionError('\n'.join(diffs))
    main = recs[libs[0]]
    out = {
        'id': name,
        'family': zoo.FAMILY_OF[name],
        'source': main['source'],
        'params': main['params'],
        'state_dict': [e[:2] for e in main['entries']],
        'sizes': main['sizes'],
    }
    if main['size_errors']:
        out['size_errors'] = main['size_errors']
    if 'timm' in recs and libs[0] != 'timm':
        t = recs['timm']
        diffs = library_differences(main, t)
        if with_logits and not same_function(name, log):
            diffs.append('logits differ with the same weights')
        for d in diffs:
            log('    DIFFERENCE %s: %s' % (name, d))
        out['timm'] = {
            'source': t['source'],
            'params': t['params'],
            'sizes': {s: {k: v[k] for k in ('macs', 'blur_macs', 'logits_shape', 'feature_shape')}
                      for s, v in t['sizes'].items()},
            'differences': diffs,
        }
    if with_rf and name in RF_IDS:
        c224 = main['sizes']['224']['children']
        spatial = [n for n in main['child_order'] if len(c224[n]) == 3 and c224[n][1:] != [1, 1]]
        model = zoo.build(name, libs[0], 'cpu')
        out['receptive_field'] = rf.measure_rf(
            name, model, lambda m: named_children_for(name, m), spatial, log,
            square_check or name in SQUARE_CHECK_IDS,
            expect_gates=zoo.FAMILY_OF[name] in ('senet', 'resnest'))
        del model
    elif name in RF_IDS:
        keep_measured_rf(out, log)
    text = json.dumps(out, sort_keys=True, separators=(',', ':')) + '\n'
    data = gzip.compress(text.encode('utf8'), compresslevel=9, mtime=0)
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(fixture_path(name), 'wb') as f:
        f.write(data)
    log('  %s done in %.1fs (%d bytes, %d gzipped)' % (name, time.time() - t0, len(text), len(data)))
    return out


SANITY = {
    # torchvision lists resnet50 at 4.09 "GFLOPS" (= MACs). fvcore's 4,111,514,624 adds
    # 2 x 11,113,984 BatchNorm elements and 102,400 for the global pool: not MACs.
    'resnet50': {'params': 25557032, 'macs224': 4089184256, 'rf_layer4': (427, 32)},
    'densenet121': {'params': 7978856},
    # the blur filter is no parameter: same params as resnet50
    'resnetblur50': {'params': 25557032},
}


def sanity(out):
    exp = SANITY.get(out['id'])
    if not exp:
        return
    if 'params' in exp:
        assert out['params'] == exp['params'], (out['id'], out['params'])
    if 'macs224' in exp:
        assert out['sizes']['224']['macs'] == exp['macs224'], (out['id'], out['sizes']['224']['macs'])
    if 'rf_layer4' in exp and 'receptive_field' in out:
        rfl = out['receptive_field']['layer4']
        assert (rfl['size'], rfl['stride']) == exp['rf_layer4'], rfl


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('names', nargs='*', help='model names (default: all 94)')
    ap.add_argument('--no-rf', action='store_true', help='skip the receptive-field measurements')
    ap.add_argument('--no-logits', action='store_true',
                    help='skip the torchvision/timm logits comparison of the shared names')
    ap.add_argument('--square-check', action='store_true',
                    help='cross-check every receptive field on a square input (slow)')
    args = ap.parse_args()
    names = args.names or zoo.NAMES
    unknown = [n for n in names if n not in zoo.NAMES]
    if unknown:
        raise SystemExit('unknown names: %s' % unknown)
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(int(os.environ.get('ORACLE_THREADS', '1')))

    def log(s):
        print(s, flush=True)

    rows = []
    for name in names:
        log('%s ...' % name)
        out = run_one(name, log, not args.no_rf, not args.no_logits, args.square_check)
        for s, e in out.get('size_errors', {}).items():
            log('    %s cannot run at %s: %s' % (name, s, e))
        sanity(out)
        rfd = out.get('receptive_field')
        fc = feature_child(name)
        rows.append((name, out['params'], out['sizes']['224']['macs'], out['sizes']['224']['blur_macs'],
                     out['sizes']['224']['feature_shape'],
                     '%d/%d' % (rfd[fc]['size'], rfd[fc]['stride']) if rfd else '-',
                     len(out.get('timm', {}).get('differences', []))))

    log('')
    log('| name | params | MACs@224 | blur@224 | feature_shape@224 | RF size/stride (last map) | tv/timm differences |')
    log('|---|---:|---:|---:|---|---:|---:|')
    for name, p, mac, blur, fs, rfs, nd in rows:
        log('| %s | %s | %s | %s | %s | %s | %s |' % (name, format(p, ','), format(mac, ','), format(blur, ','),
                                                    'x'.join(str(v) for v in fs), rfs, nd))


if __name__ == '__main__':
    main()
