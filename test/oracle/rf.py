"""Receptive field by input gradients, independently of any formula (used by oracle.py).

A float64 copy of the model gets every conv weight 1/fan_in, BN (and GroupNorm) as an identity
scaling, max pools replaced by average pools of the same geometry, and the SE / split-attention
gates computed from detached inputs (conventions.md keeps a global-context branch out of the
local number). timm's BlurPool2d (a fixed positive binomial filter) and average pools stay as
they are. The receptive field of a unit is then the extent of its nonzero input gradient.
"""

import copy
import types

import torch
import torch.nn as nn

# Narrow dimension of the strip inputs used for the receptive-field measurement.
RF_NARROW = 32
# Largest square side for the square cross-check of the last feature map.
RF_SQUARE_MAX = 1024


class _Stop(Exception):
    pass


def _replace_maxpools(module):
    for name, child in list(module.named_children()):
        if isinstance(child, nn.MaxPool2d):
            setattr(module, name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding,
                                               ceil_mode=child.ceil_mode))
        else:
            _replace_maxpools(child)


# Global-context branches whose first layer is a child named fc1 fed by a global pool: timm's
# SE modules (layers.SEModule, senet.SEModule) and ResNeSt's split attention (layers.SplitAttn),
# and refmodels.py's mirrors of them (SEModule, LegacySEModule, SplitAttn).
GATE_CLASSES = ('SEModule', 'LegacySEModule', 'SplitAttn')


def _detach_input(module, inputs):
    return tuple(t.detach() for t in inputs)


def _identity(self, x):
    return x


def rf_copy(model, in_place=False):
    """A float64 copy of `model` (with in_place, `model` itself, converted: no second copy of a
    large model) in which every unit is a positive combination of its inputs. Its `rf_gates`
    attribute counts the gates it detached."""
    m = (model if in_place else copy.deepcopy(model)).double().eval()
    _replace_maxpools(m)
    gates = 0
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
        elif isinstance(mod, nn.GroupNorm):
            # its statistics are global context: an identity scaling, like BN above
            mod.forward = types.MethodType(_identity, mod)
        elif isinstance(mod, nn.Dropout) and mod.p > 0:
            raise AssertionError('dropout in RF copy')
        if type(mod).__name__ in GATE_CLASSES:
            # the gate is computed from a detached input: it scales but adds no local extent
            mod.fc1.register_forward_pre_hook(_detach_input)
            gates += 1
    for p in m.parameters():
        p.requires_grad_(False)
    m.rf_gates = gates
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


def measure_rf(pid, model, children, spatial_children, log, square_check, expect_gates):
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
    m = rf_copy(model, in_place=True)
    if expect_gates and m.rf_gates == 0:
        raise AssertionError('%s: no SE / split-attention gate found to detach' % pid)
    mods = dict(children(m))
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
