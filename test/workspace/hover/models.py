# Fixture for the hover tests (unit, integration and bench): torchvision / timm constructors,
# the seed's ResNet definition style, and single layers. Positions are found by text search, so
# edits here are safe as long as each searched snippet stays unique.
import timm
import torch
import torchvision
from timm import create_model
from torch import nn
from torchvision import models
from torchvision.models import resnet50

from reid.backbones import Bottleneck, ResNet

backbone = resnet50(pretrained=True)
tiny_head = models.resnext50_32x4d(weights=None, num_classes=10)
dense = torchvision.models.densenet121()
split_attention = timm.create_model("resnest50d", pretrained=True)
se_variable = create_model('seresnet50', num_classes=num_ids)

# The seed's style: ResNet-50 with a stride-1 last stage (re-ID), no classifier.
reid = ResNet(last_stride=1, block=Bottleneck, layers=[3, 4, 6, 3])

stem_conv = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
grouped = nn.Conv2d(256, 256, (3, 3), 2, 1, 1, 32, True)
variable_conv = nn.Conv2d(inplanes, planes, kernel_size=1, bias=False)
classifier = nn.Linear(2048, 751)
norm = nn.BatchNorm2d(64)

# Nothing known: a variable model name, an unknown constructor, half-typed code.
unknown_name = timm.create_model(model_name_variable)
custom = my_backbone(3)
self_made = build_resnet50(pretrained=True)
half_typed = models.resnet101(num_classes=
