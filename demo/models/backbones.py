# A re-identification backbone written the way practitioners do: torchvision's ResNet blocks by
# hand, a stride-1 last stage (bigger feature maps for re-ID) and no classifier, plus the zoo's
# constructors. Hover a constructor or a layer to see its numbers; the link opens the diagram.
import timm
import torch
import torchvision
from torch import nn
from torchvision import models


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        residual = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            residual = self.downsample(x)
        return self.relu(out + residual)


class ResNet(nn.Module):
    def __init__(self, last_stride=2, block=Bottleneck, layers=[3, 4, 6, 3]):
        self.inplanes = 64
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 512, layers[3], stride=last_stride)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.inplanes, planes * block.expansion, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * block.expansion),
            )
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


# Hover these: the seed's re-ID ResNet-50, and presets from torchvision and timm.
reid = ResNet(last_stride=1, block=Bottleneck, layers=[3, 4, 6, 3])
baseline = models.resnet50(weights=None)
wide = models.resnext50_32x4d(weights=None, num_classes=751)
dense = torchvision.models.densenet121()
split_attention = timm.create_model("resnest50d", pretrained=False)
multi_scale = timm.create_model("res2net50_26w_4s")

# And single layers: parameters, MACs per output pixel and the receptive-field step.
stem = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
grouped = nn.Conv2d(256, 256, kernel_size=3, stride=2, padding=1, groups=32, bias=False)
classifier = nn.Linear(2048, 751)

if __name__ == "__main__":
    print(reid(torch.randn(1, 3, 256, 128)).shape)
