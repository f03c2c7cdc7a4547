#!/usr/bin/python3
"""PyTorch oracle for Backbone Lens: writes test/fixtures/oracle/<id>.json.

Run:  /usr/bin/python3 test/oracle/oracle.py [ids...]     (no ids = all 20 presets)

For every preset it builds the model (torchvision's own constructor, or test/oracle/refmodels.py
for the timm-named presets), asserts that its state dict equals
shared/reference/state-dict-keys/<id>.json (keys, shapes, dtypes and order), then records:
  params, the state-dict key list, and for inputs 224/320/197 the output shape of each child
  and of every leaf Conv2d/Linear/BatchNorm2d with the MACs of each conv/linear
  (conv = out_elems * in/groups * kh * kw, linear = in * out, bias not counted);
and for some presets the receptive field of each spatial child, measured from gradients of a
positive-weight float64 copy of the model (see measure_rf below).
The output is deterministic; CI consumes the committed JSON without PyTorch.
"""

import argparse
import copy
import json
import os
import re
import sys
import time

import torch
import torch.nn as nn
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import refmodels  # noqa: E402

OUT_DIR = os.path.join(REPO, 'test', 'fixtures', 'oracle')
REF_CANDIDATES = [
    os.path.join(REPO, 'shared', 'reference', 'state-dict-keys'),
    '/work/shared/reference/state-dict-keys',
]

SIZES = (224, 320, 197)
# sizes whose per-module table is written (all three unless the fixtures grow too large)
MODULE_SIZES = (224, 320, 197)

TORCHVISION_IDS = [
    'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'wide_resnet50_2',
    'resnext50_32x4d', 'resnext101_32x8d',
    'densenet121', 'densenet161', 'densenet169', 'densenet201',
]
REF_IDS = [
    'seresnet50', 'seresnext50_32x4d', 'legacy_seresnet50',
    'res2net50_26w_4s', 'res2net101_26w_4s', 'res2net50_48w_2s',
    'resnest50d', 'resnest101e',
]
ALL_IDS = TORCHVISION_IDS + REF_IDS

RF_IDS = {
    'resnet50', 'resnext50_32x4d', 'wide_resnet50_2', 'resnet18', 'seresnet50',
    'legacy_seresnet50', 'densenet121', 'res2net50_26w_4s', 'res2net50_48w_2s', 'resnest50d',
}

# Narrow dimension of the strip inputs used for the receptive-field measurement.
RF_NARROW = 32
# Presets whose last feature map is also measured on a square input (slow in float64), and
# the largest square side for it. --square-check extends it to every RF preset.
SQUARE_CHECK_IDS = {'resnet18', 'resnet50'}
RF_SQUARE_MAX = 1024


def tv_version():
    m = re.match(r'\d+\.\d+\.\d+', torchvision.__version__)
    return m.group(0) if m else torchvision.__version__


def build(pid):
    torch.manual_seed(0)
    if pid in TORCHVISION_IDS:
        model = getattr(torchvision.models, pid)(weights=None)
        source = 'torchvision %s %s' % (tv_version(), pid)
    else:
        fn, desc = refmodels.PRESETS[pid]
        model = fn()
        source = 'test/oracle/refmodels.py %s: %s' % (pid, desc)
    model.eval()
    return model, source


def is_densenet(pid):
    return pid.startswith('densenet')


def named_children_for(pid, model):
    """(name, module) pairs whose outputs go into "children", in definition order."""
    if is_densenet(pid):
        pairs = [('features.' + n, m) for n, m in model.features.named_children()]
        pairs.append(('classifier', model.classifier))
        return pairs
    return list(model.named_children())


def feature_child(pid):
    if is_densenet(pid):
        return 'features.norm5'
    return 'layer4'


def load_reference(pid):
    for d in REF_CANDIDATES:
        p = os.path.join(d, pid + '.json')
        if os.path.exists(p):
            with open(p) as f:
                return json.load(f)
    raise SystemExit('reference key list for %s not found in %s' % (pid, REF_CANDIDATES))


def check_state_dict(pid, model):
    ref = load_reference(pid)['tensors']
    got = [[k, list(v.shape), str(v.dtype).replace('torch.', '')]
           for k, v in model.state_dict().items()]
    if got == ref:
        return
    ref_map = {k: (s, t) for k, s, t in ref}
    got_map = {k: (s, t) for k, s, t in got}
    missing = [k for k in ref_map if k not in got_map]
    extra = [k for k in got_map if k not in ref_map]
    wrong = [(k, got_map[k], ref_map[k]) for k in ref_map if k in got_map and got_map[k] != ref_map[k]]
    msg = ['STATE DICT MISMATCH for %s' % pid,
           '  missing (%d): %s' % (len(missing), missing[:10]),
           '  unexpected (%d): %s' % (len(extra), extra[:10]),
           '  shape/dtype differs (%d): %s' % (len(wrong), wrong[:10])]
    if not missing and not extra and not wrong:
        first = next(i for i, (a, b) in enumerate(zip(got, ref)) if a != b)
        msg.append('  same entries, different order; first difference at #%d: %s vs %s'
                   % (first, got[first][0], ref[first][0]))
    raise AssertionError('\n'.join(msg))


def shape_of(t):
    return list(t.shape[1:])


# --------------------------------------------------------------------------------------------
# Shapes and MACs
# --------------------------------------------------------------------------------------------

LEAF_TYPES = (nn.Conv2d, nn.Linear, nn.BatchNorm2d)


def leaf_macs(module, inp, out):
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        per_image = out.numel() // out.shape[0]
        return per_image * (module.in_channels // module.groups) * kh * kw
    if isinstance(module, nn.Linear):
        per_image = out.numel() // out.shape[0]
        return per_image * module.in_features
    return None


def shape_pass(pid, model, size, with_modules):
    leaf_rec = {}
    leaf_calls = {}
    child_rec = {}
    child_calls = {}
    child_order = []
    handles = []

    for name, mod in model.named_modules():
        if isinstance(mod, LEAF_TYPES):
            leaf_calls[name] = 0

            def hook(m, i, o, name=name):
                leaf_calls[name] += 1
                rec = {'shape': shape_of(o)}
                macs = leaf_macs(m, i, o)
                if macs is not None:
                    rec['macs'] = int(macs)
                leaf_rec[name] = rec
            handles.append(mod.register_forward_hook(hook))

    for name, mod in named_children_for(pid, model):
        child_calls[name] = 0

        def chook(m, i, o, name=name):
            child_calls[name] += 1
            child_order.append(name)
            child_rec[name] = shape_of(o)
        handles.append(mod.register_forward_hook(chook))

    torch.manual_seed(1)
    x = torch.randn(1, 3, size, size)
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()

    bad = {n: c for n, c in leaf_calls.items() if c != 1}
    if bad:
        raise AssertionError('%s @%d: leaf modules not called exactly once: %s' % (pid, size, bad))
    bad = {n: c for n, c in child_calls.items() if c > 1}
    if bad:
        raise AssertionError('%s @%d: children called more than once: %s' % (pid, size, bad))

    total_macs = sum(r.get('macs', 0) for r in leaf_rec.values())
    fname = feature_child(pid)
    entry = {
        'input': [3, size, size],
        'macs': int(total_macs),
        'logits_shape': shape_of(y),
        'children': child_rec,
        'feature_shape': child_rec[fname],
    }
    # the feature child must be the last spatial child called before global pooling
    spatial = [n for n in child_order if len(child_rec[n]) == 3 and child_rec[n][1:] != [1, 1]]
    assert spatial[-1] == fname, (pid, spatial[-1], fname)
    if with_modules:
        entry['modules'] = leaf_rec
    return entry, child_order


# --------------------------------------------------------------------------------------------
# Receptive field by gradients
# --------------------------------------------------------------------------------------------

class _Stop(Exception):
    pass


def _replace_maxpools(module):
    for name, child in list(module.named_children()):
        if isinstance(child, nn.MaxPool2d):
            setattr(module, name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding,
                                               ceil_mode=child.ceil_mode))
        else:
            _replace_maxpools(child)


def rf_copy(model):
    """A float64 copy in which every unit is a positive combination of its inputs."""
    m = copy.deepcopy(model).double().eval()
    _replace_maxpools(m)
    for mod in m.modules():
        if isinstance(mod, nn.MaxPool2d):
            raise AssertionError('max pool left in RF copy')
        if isinstance(mod, nn.Conv2d):
            fan_in = (mod.in_channels // mod.groups) * mod.kernel_size[0] * mod.kernel_size[1]
            with torch.no_grad():
                mod.weight.fill_(1.0 / fan_in)
                if mod.bias is not None:
                    mod.bias.zero_()
        elif isinstance(mod, nn.Linear):
            with torch.no_grad():
                mod.weight.fill_(1.0 / mod.in_features)
                mod.bias.zero_()
        elif isinstance(mod, nn.BatchNorm2d):
            with torch.no_grad():
                mod.weight.fill_(1.0)
                mod.bias.zero_()
                mod.running_mean.zero_()
                mod.running_var.fill_(1.0)
        elif isinstance(mod, nn.Dropout):
            raise AssertionError('dropout in RF copy')
        if hasattr(mod, 'detach_context'):
            mod.detach_context = True  # keep SE / split-attention gates out of the local RF
    for p in m.parameters():
        p.requires_grad_(False)
    return m


def _spans(g):
    """((row_lo, row_hi), (col_lo, col_hi)) of the nonzero entries of a 2-D gradient map."""
    assert torch.isfinite(g).all()
    assert (g >= 0).all(), 'negative gradient in the positive copy'
    spans = []
    for dim in (1, 0):  # rows: reduce over columns; columns: reduce over rows
        nz = torch.nonzero(g.sum(dim=dim) > 0).flatten()
        assert nz.numel() > 0, 'zero gradient'
        lo, hi = int(nz.min()), int(nz.max())
        # positive weights and no holes: the support must be one contiguous run
        assert nz.numel() == hi - lo + 1, 'gradient support has holes'
        spans.append((lo, hi))
    return tuple(spans)


def _supports(model, targets, h, w, offsets):
    """Forward a ones image of size h x w (stopping after the last of `targets`); for each
    target and each (dr, dc) in `offsets`, take the gradient w.r.t. the input of the
    channel-sum of the target's output unit at (centre + dr, centre + dc).
    Returns {target index: ((out_h, out_w), [spans per offset])}."""
    store = {}
    handles = []
    for k, t in enumerate(targets):
        def hook(m, i, o, k=k):
            store[k] = o.clone()  # clone: a later in-place activation must not rewrite it
            if k == len(targets) - 1:
                raise _Stop()
        handles.append(t.register_forward_hook(hook))
    x = torch.ones(1, 3, h, w, dtype=torch.float64, requires_grad=True)
    try:
        model(x)
    except _Stop:
        pass
    finally:
        for hd in handles:
            hd.remove()
    result = {}
    for k in range(len(targets)):
        out = store[k]
        assert out.dim() == 4, out.shape
        oh, ow = out.shape[2], out.shape[3]
        spans = []
        for dr, dc in offsets:
            r, c = oh // 2 + dr, ow // 2 + dc
            assert r < oh and c < ow
            g, = torch.autograd.grad(out[0, :, r, c].sum(), x, retain_graph=True)
            spans.append(_spans(g[0].sum(dim=0)))
        result[k] = ((oh, ow), spans)
    return result


def _rf_strips(model, targets, length, axis):
    """Per target: (inside, size, stride, out_len) along `axis` (0 rows, 1 columns), measured
    on a strip input (length x RF_NARROW for rows, RF_NARROW x length for columns)."""
    if axis == 0:
        res = _supports(model, targets, length, RF_NARROW, [(0, 0), (1, 0)])
    else:
        res = _supports(model, targets, RF_NARROW, length, [(0, 0), (0, 1)])
    out = []
    for k in range(len(targets)):
        shape, spans = res[k]
        (lo0, hi0), (lo1, hi1) = spans[0][axis], spans[1][axis]
        inside = lo0 > 0 and lo1 > 0 and hi0 < length - 1 and hi1 < length - 1
        if inside:
            assert hi0 - lo0 == hi1 - lo1 and lo1 - lo0 == hi1 - hi0, ('neighbour units disagree', spans)
        out.append((inside, hi0 - lo0 + 1, lo1 - lo0, shape[axis]))
    return out


def measure_rf(pid, model, spatial_children, log, square_check):
    """Receptive field (size, stride) of each spatial child, from the input-gradient support of
    its centre unit in a positive float64 copy (all conv weights 1/fan_in, BN an identity
    scaling, max pools turned into average pools with the same geometry, SE / split-attention
    gates computed from detached inputs). "stride" is the shift of the support between two
    neighbouring output units (cross-checked against input / output length).
    Rows are measured on a tall strip (L x RF_NARROW), columns on a wide strip (RF_NARROW x L):
    with positive weights the support is a rectangle and every path splits into a row part and
    a column part, so the row extent depends only on the image height and a strip gives the
    full-image extent at a fraction of the cost. L doubles until a child's support no longer
    touches the border. With square_check the last feature map is measured again on a square
    L x L input and must agree."""
    m = rf_copy(model)
    mods = dict(named_children_for(pid, m))
    result = {}
    length = 128
    pending = list(spatial_children)
    final_length = {}
    while pending:
        if length > 16384:
            raise AssertionError('%s: receptive field of %s not contained at 16384' % (pid, pending))
        rows = _rf_strips(m, [mods[n] for n in pending], length, 0)
        ok = [n for n, r in zip(pending, rows) if r[0]]
        if ok:
            cols = dict(zip(ok, _rf_strips(m, [mods[n] for n in ok], length, 1)))
            rows = dict(zip(pending, rows))
            for n in ok:
                row, col = rows[n], cols[n]
                if not col[0]:
                    continue
                assert col[1:] == row[1:], ('rows and columns disagree', pid, n, row, col)
                _, size, stride, out_len = row
                assert stride >= 1
                if length % out_len == 0:
                    assert length // out_len == stride, (pid, n, length, out_len, stride)
                result[n] = {'size': size, 'stride': stride}
                final_length[n] = length
        pending = [n for n in pending if n not in result]
        length *= 2
    for n in spatial_children:
        log('    rf %-22s size %5d stride %3d  (strips %d x %d)'
            % (n, result[n]['size'], result[n]['stride'], final_length[n], RF_NARROW))

    name = spatial_children[-1]
    length = final_length[name]
    if square_check and length <= RF_SQUARE_MAX:
        res = _supports(m, [mods[name]], length, length, [(0, 0), (1, 0), (0, 1)])
        (r0, c0), (r1, _), (_, c2) = res[0][1]
        size, stride = result[name]['size'], result[name]['stride']
        assert r0[0] > 0 and c0[0] > 0 and r1[1] < length - 1 and c2[1] < length - 1
        assert (r0[1] - r0[0] + 1, r1[0] - r0[0]) == (size, stride), ('square rows', pid, name, res)
        assert (c0[1] - c0[0] + 1, c2[0] - c0[0]) == (size, stride), ('square cols', pid, name, res)
        log('    rf %-22s square %d x %d cross-check agrees' % (name, length, length))
    return result


# --------------------------------------------------------------------------------------------

def run_one(pid, log, square_check=False):
    t0 = time.time()
    model, source = build(pid)
    check_state_dict(pid, model)
    params = sum(p.numel() for p in model.parameters())
    sd = [[k, list(v.shape)] for k, v in model.state_dict().items()]
    sizes = {}
    order = None
    for s in SIZES:
        entry, child_order = shape_pass(pid, model, s, s in MODULE_SIZES)
        sizes[str(s)] = entry
        if s == 224:
            order = child_order
    out = {
        'id': pid,
        'source': source,
        'params': int(params),
        'state_dict': sd,
        'sizes': sizes,
    }
    if pid in RF_IDS:
        c224 = sizes['224']['children']
        spatial = [n for n in order if len(c224[n]) == 3 and c224[n][1:] != [1, 1]]
        out['receptive_field'] = measure_rf(pid, model, spatial, log,
                                             square_check or pid in SQUARE_CHECK_IDS)
    text = json.dumps(out, sort_keys=True, separators=(',', ':')) + '\n'
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, pid + '.json'), 'w') as f:
        f.write(text)
    log('  %s done in %.1fs (%d bytes)' % (pid, time.time() - t0, len(text)))
    return out


SANITY = {
    # torchvision lists resnet50 at 4.09 "GFLOPS" (= MACs). fvcore's 4,111,514,624 adds
    # 2 x 11,113,984 BatchNorm elements and 102,400 for the global pool: not MACs.
    'resnet50': {'params': 25557032, 'macs224': 4089184256, 'rf_layer4': (427, 32)},
    'densenet121': {'params': 7978856},
}


def sanity(out):
    exp = SANITY.get(out['id'])
    if not exp:
        return
    if 'params' in exp:
        assert out['params'] == exp['params'], (out['id'], out['params'])
    if 'macs224' in exp:
        assert out['sizes']['224']['macs'] == exp['macs224'], (out['id'], out['sizes']['224']['macs'])
    if 'rf_layer4' in exp:
        rf = out['receptive_field']['layer4']
        assert (rf['size'], rf['stride']) == exp['rf_layer4'], rf


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('ids', nargs='*', help='preset ids (default: all)')
    ap.add_argument('--square-check', action='store_true',
                    help='cross-check every receptive field preset on a square input (slow)')
    args = ap.parse_args()
    ids = args.ids or ALL_IDS
    unknown = [i for i in ids if i not in ALL_IDS]
    if unknown:
        raise SystemExit('unknown preset ids: %s' % unknown)
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(max(1, os.cpu_count() or 1))

    def log(s):
        print(s, flush=True)

    rows = []
    for pid in ids:
        log('%s ...' % pid)
        out = run_one(pid, log, args.square_check)
        sanity(out)
        rf = out.get('receptive_field')
        fc = feature_child(pid)
        rows.append((pid, out['params'], out['sizes']['224']['macs'],
                     out['sizes']['224']['feature_shape'],
                     '%d/%d' % (rf[fc]['size'], rf[fc]['stride']) if rf else '-'))

    log('')
    log('| id | params | MACs@224 | feature_shape@224 | RF size/stride (last map) |')
    log('|---|---:|---:|---|---:|')
    for pid, p, mac, fs, rf in rows:
        log('| %s | %s | %s | %s | %s |' % (pid, format(p, ','), format(mac, ','),
                                             'x'.join(str(v) for v in fs), rf))


if __name__ == '__main__':
    main()
