// torchvision 0.14's ImageNet weights by hub file name (the basename of the weights' url, as
// torch.hub caches it), with the resize of weights.transforms(): bilinear, centre crop 224,
// ImageNet mean/std; only the shorter side's resize differs (V1 256, V2 232).
export interface TorchvisionWeights {
  readonly file: string;
  readonly preset: string;
  /** The weights enum member, e.g. IMAGENET1K_V2. */
  readonly weights: string;
  /** Shorter side after resizing, in pixels. */
  readonly resize: number;
}

const v1 = (preset: string, hash: string): TorchvisionWeights => ({ file: `${preset}-${hash}.pth`, preset, weights: 'IMAGENET1K_V1', resize: 256 });
const v2 = (preset: string, hash: string): TorchvisionWeights => ({ file: `${preset}-${hash}.pth`, preset, weights: 'IMAGENET1K_V2', resize: 232 });

export const torchvisionWeights: readonly TorchvisionWeights[] = [
  v1('resnet18', 'f37072fd'),
  v1('resnet34', 'b627a593'),
  v1('resnet50', '0676ba61'),
  // The file of torchvision < 0.13's pretrained=True; the same IMAGENET1K_V1 recipe.
  v1('resnet50', '19c8e357'),
  v2('resnet50', '11ad3fa6'),
  v1('resnet101', '63fe2227'),
  v2('resnet101', 'cd907fc2'),
  v1('resnet152', '394f9c45'),
  v2('resnet152', 'f82ba261'),
  v1('resnext50_32x4d', '7cdf4587'),
  v2('resnext50_32x4d', '1a0047aa'),
  v1('resnext101_32x8d', '8ba56ff5'),
  v2('resnext101_32x8d', '110c445d'),
  // ResNeXt101_64X4D has one set of weights, trained with the V2 recipe (resize 232).
  { file: 'resnext101_64x4d-173b62eb.pth', preset: 'resnext101_64x4d', weights: 'IMAGENET1K_V1', resize: 232 },
  v1('wide_resnet50_2', '95faca4d'),
  v2('wide_resnet50_2', '9ba9bcbe'),
  v1('wide_resnet101_2', '32ee1156'),
  v2('wide_resnet101_2', 'd733dc28'),
  v1('densenet121', 'a639ec97'),
  v1('densenet161', '8d451a50'),
  v1('densenet169', 'b2777c0a'),
  v1('densenet201', 'c1103571'),
];
