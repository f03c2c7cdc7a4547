"""Reference PyTorch modules for the timm-named presets of Backbone Lens.

Used by test/oracle/weights_oracle.py for its small variants (oracle.py builds every name with
timm itself, which agrees with these modules on all eight timm presets). Each class here mirrors the module *structure* of the timm model the
published checkpoints were trained with, so that ``state_dict()`` keys, shapes and order equal
``shared/reference/state-dict-keys/<id>.json`` (the oracle asserts this).

Global-context branches (the SE gate and the split-attention weights) carry a
``detach_context`` flag: when set, the branch is computed from ``x.detach()`` and contributes no
gradient (conventions.md keeps a global-context branch out of the local receptive-field number).
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def make_divisible(value, divisor=8, min_value=None, round_limit=0.9):
    """timm's channel rounding: nearest multiple of ``divisor`` (at least ``min_value``),
    bumped up one step if rounding lost more than 10 %."""
    min_value = min_value or divisor
    new_value = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if new_value < round_limit * value:
        new_value += divisor
    return new_value


class GlobalPool(nn.Module):
    """Global average pool + flatten (what timm's SelectAdaptivePool2d('avg', flatten=True) does)."""

    def forward(self, x):
        return x.mean((2, 3))


# --------------------------------------------------------------------------------------------
# Squeeze-and-excitation
# --------------------------------------------------------------------------------------------

class SEModule(nn.Module):
    """timm ``layers.SEModule``: mean -> fc1 (1x1 conv, bias) -> ReLU -> fc2 -> sigmoid -> scale."""

    def __init__(self, channels, rd_channels):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, rd_channels, kernel_size=1, bias=True)
        self.bn = nn.Identity()
        self.act = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(rd_channels, channels, kernel_size=1, bias=True)
        self.gate = nn.Sigmoid()
        self.detach_context = False

    def forward(self, x):
        s = x.detach() if self.detach_context else x
        s = s.mean((2, 3), keepdim=True)
        s = self.act(self.bn(self.fc1(s)))
        s = self.gate(self.fc2(s))
        return x * s


class LegacySEModule(nn.Module):
    """timm ``senet.SEModule`` (Cadene's SENet port): keys ``fc1``/``fc2`` with bias."""

    def __init__(self, channels, reduction):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, channels // reduction, kernel_size=1)
        self.relu = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(channels // reduction, channels, kernel_size=1)
        self.sigmoid = nn.Sigmoid()
        self.detach_context = False

    def forward(self, x):
        s = x.detach() if self.detach_context else x
        s = s.mean((2, 3), keepdim=True)
        s = self.sigmoid(self.fc2(self.relu(self.fc1(s))))
        return x * s


# --------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------

class SEBottleneck(nn.Module):
    """timm ``resnet.Bottleneck`` with ``attn_layer='se'`` (stride on the 3x3 conv)."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, cardinality=1, base_width=64):
        super().__init__()
        width = int(math.floor(planes * (base_width / 64.0))) * cardinality
        outplanes = planes * self.expansion
        self.conv1 = nn.Conv2d(inplanes, width, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.act1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1,
                               groups=cardinality, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.act2 = nn.ReLU(inplace=True)
        self.conv3 = nn.Conv2d(width, outplanes, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(outplanes)
        # timm: rd_channels = make_divisible(C / 16, 8, round_limit=0) -> C / 16 for these widths
        self.se = SEModule(outplanes, make_divisible(outplanes / 16.0, 8, round_limit=0.0))
        self.act3 = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x
        out = self.act1(self.bn1(self.conv1(x)))
        out = self.act2(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        out = self.se(out)
        if self.downsample is not None:
            shortcut = self.downsample(x)
        out = out + shortcut
        return self.act3(out)


class LegacySEResNetBottleneck(nn.Module):
    """timm ``senet.SEResNetBottleneck`` (Caffe SENet): stride on the first 1x1 conv."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, reduction=16):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, kernel_size=1, stride=stride, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.se_module = LegacySEModule(planes * 4, reduction)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            shortcut = self.downsample(x)
        out = self.se_module(out) + shortcut
        return self.relu(out)


class Bottle2neck(nn.Module):
    """timm ``res2net.Bottle2neck`` (cardinality 1)."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, base_width=26, scale=4):
        super().__init__()
        self.scale = scale
        self.is_first = stride > 1 or downsample is not None
        self.num_scales = max(1, scale - 1)
        width = int(math.floor(planes * (base_width / 64.0)))
        self.width = width
        outplanes = planes * self.expansion
        self.conv1 = nn.Conv2d(inplanes, width * scale, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width * scale)
        self.convs = nn.ModuleList([
            nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1, bias=False)
            for _ in range(self.num_scales)])
        self.bns = nn.ModuleList([nn.BatchNorm2d(width) for _ in range(self.num_scales)])
        # count_include_pad left at PyTorch's default (True), as timm does for the original weights
        self.pool = nn.AvgPool2d(kernel_size=3, stride=stride, padding=1) if self.is_first else None
        self.conv3 = nn.Conv2d(width * scale, outplanes, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(outplanes)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x
        out = self.relu(self.bn1(self.conv1(x)))
        spx = torch.split(out, self.width, 1)
        spo = []
        sp = None
        for i, (conv, bn) in enumerate(zip(self.convs, self.bns)):
            sp = spx[i] if (i == 0 or self.is_first) else sp + spx[i]
            sp = self.relu(bn(conv(sp)))
            spo.append(sp)
        if self.scale > 1:
            spo.append(self.pool(spx[-1]) if self.is_first else spx[-1])
        out = torch.cat(spo, 1)
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            shortcut = self.downsample(x)
        out = out + shortcut
        return self.relu(out)


class RadixSoftmax(nn.Module):
    def __init__(self, radix, cardinality):
        super().__init__()
        self.radix = radix
        self.cardinality = cardinality

    def forward(self, x):
        b = x.size(0)
        if self.radix > 1:
            x = x.view(b, self.cardinality, self.radix, -1).transpose(1, 2)
            x = F.softmax(x, dim=1)
            return x.reshape(b, -1)
        return torch.sigmoid(x)


class SplitAttn(nn.Module):
    """timm ``layers.SplitAttn`` (split attention conv of ResNeSt)."""

    def __init__(self, in_channels, out_channels, stride=1, groups=1, radix=2, rd_ratio=0.25,
                 rd_divisor=8):
        super().__init__()
        self.radix = radix
        mid_chs = out_channels * radix
        attn_chs = make_divisible(in_channels * radix * rd_ratio, divisor=rd_divisor, min_value=32)
        self.conv = nn.Conv2d(in_channels, mid_chs, kernel_size=3, stride=stride, padding=1,
                              groups=groups * radix, bias=False)
        self.bn0 = nn.BatchNorm2d(mid_chs)
        self.act0 = nn.ReLU(inplace=True)
        self.fc1 = nn.Conv2d(out_channels, attn_chs, kernel_size=1, groups=groups)
        self.bn1 = nn.BatchNorm2d(attn_chs)
        self.act1 = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(attn_chs, mid_chs, kernel_size=1, groups=groups)
        self.rsoftmax = RadixSoftmax(radix, groups)
        self.detach_context = False

    def forward(self, x):
        x = self.act0(self.bn0(self.conv(x)))
        b, rc, h, w = x.shape
        if self.radix > 1:
            x = x.reshape(b, self.radix, rc // self.radix, h, w)
            gap = x.sum(dim=1)
        else:
            gap = x
        if self.detach_context:
            gap = gap.detach()
        gap = gap.mean((2, 3), keepdim=True)
        gap = self.act1(self.bn1(self.fc1(gap)))
        attn = self.rsoftmax(self.fc2(gap)).view(b, -1, 1, 1)
        if self.radix > 1:
            out = (x * attn.reshape(b, self.radix, rc // self.radix, 1, 1)).sum(dim=1)
        else:
            out = x * attn
        return out.contiguous()


class ResNestBottleneck(nn.Module):
    """timm ``resnest.ResNestBottleneck`` with radix 2, avd=True, avd_first=False."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, radix=2, cardinality=1,
                 base_width=64):
        super().__init__()
        group_width = int(planes * (base_width / 64.0)) * cardinality
        # avd: the stride moves from the split-attention conv to a 3x3 average pool after it
        avd_stride = stride if stride > 1 else 0
        conv_stride = 1 if avd_stride else stride
        self.conv1 = nn.Conv2d(inplanes, group_width, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(group_width)
        self.act1 = nn.ReLU(inplace=True)
        self.conv2 = SplitAttn(group_width, group_width, stride=conv_stride, groups=cardinality,
                               radix=radix)
        self.avd_last = nn.AvgPool2d(3, avd_stride, padding=1) if avd_stride else None
        self.conv3 = nn.Conv2d(group_width, planes * 4, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.act3 = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x
        out = self.act1(self.bn1(self.conv1(x)))
        out = self.conv2(out)
        if self.avd_last is not None:
            out = self.avd_last(out)
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            shortcut = self.downsample(x)
        out = out + shortcut
        return self.act3(out)


# --------------------------------------------------------------------------------------------
# Networks
# --------------------------------------------------------------------------------------------

class TimmResNet(nn.Module):
    """The skeleton of timm's ``resnet.ResNet``: conv1 (plain 7x7 or deep 3x3 stem), bn1, act1,
    maxpool, layer1..4, global_pool, fc."""

    def __init__(self, block_factory, layers, stem_width=64, deep_stem=False, avg_down=False,
                 num_classes=1000):
        super().__init__()
        if deep_stem:
            inplanes = stem_width * 2
            self.conv1 = nn.Sequential(
                nn.Conv2d(3, stem_width, 3, stride=2, padding=1, bias=False),
                nn.BatchNorm2d(stem_width),
                nn.ReLU(inplace=True),
                nn.Conv2d(stem_width, stem_width, 3, stride=1, padding=1, bias=False),
                nn.BatchNorm2d(stem_width),
                nn.ReLU(inplace=True),
                nn.Conv2d(stem_width, inplanes, 3, stride=1, padding=1, bias=False),
            )
        else:
            inplanes = 64
            self.conv1 = nn.Conv2d(3, inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(inplanes)
        self.act1 = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

        for stage, (planes, blocks) in enumerate(zip((64, 128, 256, 512), layers)):
            stride = 1 if stage == 0 else 2
            outplanes = planes * 4
            downsample = None
            if stride != 1 or inplanes != outplanes:
                if avg_down:
                    pool = (nn.AvgPool2d(2, stride, ceil_mode=True, count_include_pad=False)
                            if stride != 1 else nn.Identity())
                    downsample = nn.Sequential(
                        pool,
                        nn.Conv2d(inplanes, outplanes, 1, stride=1, bias=False),
                        nn.BatchNorm2d(outplanes))
                else:
                    downsample = nn.Sequential(
                        nn.Conv2d(inplanes, outplanes, 1, stride=stride, bias=False),
                        nn.BatchNorm2d(outplanes))
            seq = [block_factory(inplanes, planes, stride, downsample)]
            inplanes = outplanes
            for _ in range(1, blocks):
                seq.append(block_factory(inplanes, planes, 1, None))
            setattr(self, 'layer%d' % (stage + 1), nn.Sequential(*seq))

        self.num_features = inplanes
        self.global_pool = GlobalPool()
        self.fc = nn.Linear(inplanes, num_classes)

    def forward(self, x):
        x = self.act1(self.bn1(self.conv1(x)))
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.global_pool(x)
        return self.fc(x)


class LegacySENet(nn.Module):
    """timm ``senet.SENet`` for legacy_seresnet50: layer0 (conv1, bn1, relu1), pool0
    (3x3/2 max pool, padding 0, ceil_mode), layer1..4, global_pool, last_linear."""

    def __init__(self, layers, reduction=16, num_classes=1000):
        super().__init__()
        inplanes = 64
        self.layer0 = nn.Sequential()
        self.layer0.add_module('conv1', nn.Conv2d(3, inplanes, 7, stride=2, padding=3, bias=False))
        self.layer0.add_module('bn1', nn.BatchNorm2d(inplanes))
        self.layer0.add_module('relu1', nn.ReLU(inplace=True))
        self.pool0 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        for stage, (planes, blocks) in enumerate(zip((64, 128, 256, 512), layers)):
            stride = 1 if stage == 0 else 2
            outplanes = planes * 4
            downsample = None
            if stride != 1 or inplanes != outplanes:
                downsample = nn.Sequential(
                    nn.Conv2d(inplanes, outplanes, 1, stride=stride, padding=0, bias=False),
                    nn.BatchNorm2d(outplanes))
            seq = [LegacySEResNetBottleneck(inplanes, planes, stride, downsample, reduction)]
            inplanes = outplanes
            for _ in range(1, blocks):
                seq.append(LegacySEResNetBottleneck(inplanes, planes, 1, None, reduction))
            setattr(self, 'layer%d' % (stage + 1), nn.Sequential(*seq))
        self.num_features = inplanes
        self.global_pool = GlobalPool()
        self.last_linear = nn.Linear(inplanes, num_classes)

    def forward(self, x):
        x = self.layer0(x)
        x = self.pool0(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.global_pool(x)
        return self.last_linear(x)


# --------------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------------

def seresnet50():
    return TimmResNet(lambda i, p, s, d: SEBottleneck(i, p, s, d), [3, 4, 6, 3])


def seresnext50_32x4d():
    return TimmResNet(lambda i, p, s, d: SEBottleneck(i, p, s, d, cardinality=32, base_width=4),
                      [3, 4, 6, 3])


def legacy_seresnet50():
    return LegacySENet([3, 4, 6, 3])


def res2net50_26w_4s():
    return TimmResNet(lambda i, p, s, d: Bottle2neck(i, p, s, d, base_width=26, scale=4),
                      [3, 4, 6, 3])


def res2net101_26w_4s():
    return TimmResNet(lambda i, p, s, d: Bottle2neck(i, p, s, d, base_width=26, scale=4),
                      [3, 4, 23, 3])


def res2net50_48w_2s():
    return TimmResNet(lambda i, p, s, d: Bottle2neck(i, p, s, d, base_width=48, scale=2),
                      [3, 4, 6, 3])


def resnest50d():
    return TimmResNet(lambda i, p, s, d: ResNestBottleneck(i, p, s, d), [3, 4, 6, 3],
                      stem_width=32, deep_stem=True, avg_down=True)


def resnest101e():
    return TimmResNet(lambda i, p, s, d: ResNestBottleneck(i, p, s, d), [3, 4, 23, 3],
                      stem_width=64, deep_stem=True, avg_down=True)


PRESETS = {
    'seresnet50': (seresnet50, 'TimmResNet + SEBottleneck (timm resnet.Bottleneck, attn se), layers 3-4-6-3'),
    'seresnext50_32x4d': (seresnext50_32x4d, 'TimmResNet + SEBottleneck, cardinality 32, base width 4, layers 3-4-6-3'),
    'legacy_seresnet50': (legacy_seresnet50, 'LegacySENet + LegacySEResNetBottleneck (timm senet), layers 3-4-6-3'),
    'res2net50_26w_4s': (res2net50_26w_4s, 'TimmResNet + Bottle2neck, base width 26, scale 4, layers 3-4-6-3'),
    'res2net101_26w_4s': (res2net101_26w_4s, 'TimmResNet + Bottle2neck, base width 26, scale 4, layers 3-4-23-3'),
    'res2net50_48w_2s': (res2net50_48w_2s, 'TimmResNet + Bottle2neck, base width 48, scale 2, layers 3-4-6-3'),
    'resnest50d': (resnest50d, 'TimmResNet deep stem 32 avg_down + ResNestBottleneck radix 2 avd, layers 3-4-6-3'),
    'resnest101e': (resnest101e, 'TimmResNet deep stem 64 avg_down + ResNestBottleneck radix 2 avd, layers 3-4-23-3'),
}
