# A sample training script: the explorer must NOT offer "Classify Image" on this file.
import torch
import torchvision

model = torchvision.models.resnet50(weights=None)
x = torch.randn(1, 3, 224, 224)
print(model(x).shape)
