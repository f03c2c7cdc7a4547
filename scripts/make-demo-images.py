#!/usr/bin/env python3
# Writes the demo workspace's images (demo/images/): synthetic pictures with a fixed seed, so
# that Classify Image has something to run on without downloading anything. Run with
# /usr/bin/python3 (PIL). They are not photographs: with real weights expect low confidence.
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'demo', 'images')
random.seed(11)
os.makedirs(os.path.join(out, 'animals'), exist_ok=True)


def sky_and_sun(path):
    im = Image.new('RGB', (320, 240))
    d = ImageDraw.Draw(im)
    for y in range(240):
        d.line([(0, y), (320, y)], fill=(40 + y // 3, 90 + y // 4, 200 - y // 3))
    d.ellipse([220, 30, 290, 100], fill=(250, 210, 60))
    d.polygon([(0, 240), (90, 150), (170, 240)], fill=(40, 110, 50))
    d.polygon([(120, 240), (230, 130), (320, 240)], fill=(30, 90, 40))
    im.save(path, quality=92)


def checker_ball(path):
    im = Image.new('RGB', (256, 256), (235, 235, 225))
    d = ImageDraw.Draw(im)
    for i in range(0, 256, 32):
        for j in range(0, 256, 32):
            if (i // 32 + j // 32) % 2 == 0:
                d.rectangle([i, j, i + 31, j + 31], fill=(60, 60, 70))
    d.ellipse([70, 70, 186, 186], fill=(220, 80, 40), outline=(20, 20, 20), width=3)
    im.save(path)


def stripes(path):
    im = Image.new('RGB', (300, 200), (250, 250, 250))
    d = ImageDraw.Draw(im)
    for x in range(0, 300, 24):
        d.polygon([(x, 0), (x + 12, 0), (x - 38, 200), (x - 50, 200)], fill=(20, 20, 20))
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    im.save(path, quality=90)


def noise_cat(path):
    im = Image.new('RGB', (224, 224))
    px = im.load()
    for y in range(224):
        for x in range(224):
            v = random.randint(90, 160)
            px[x, y] = (v + 40, v, v - 40)
    d = ImageDraw.Draw(im)
    d.polygon([(60, 80), (80, 30), (100, 80)], fill=(60, 40, 30))
    d.polygon([(124, 80), (144, 30), (164, 80)], fill=(60, 40, 30))
    d.ellipse([50, 60, 174, 190], fill=(120, 80, 50))
    d.ellipse([80, 100, 100, 120], fill=(20, 160, 60))
    d.ellipse([124, 100, 144, 120], fill=(20, 160, 60))
    im.save(path)


sky_and_sun(os.path.join(out, 'landscape.jpg'))
checker_ball(os.path.join(out, 'ball-on-checkers.png'))
stripes(os.path.join(out, 'animals', 'zebra-stripes.jpg'))
noise_cat(os.path.join(out, 'animals', 'cat-sketch.png'))
print(f'wrote 4 images under {out}')
