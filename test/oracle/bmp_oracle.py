"""BMP oracle: writes test/fixtures/bmp/<name>.bmp and <name>.rgb (what PIL's
Image.open(f).convert('RGB') gives, raw H x W x 3 bytes) for the BMP layouts users have: 24-bit,
32-bit with alpha, 8-bit palette, greyscale, 1-bit, a 4-bit palette and RLE8 written by hand (PIL
writes neither), and a top-down file (negative height). Odd widths exercise the 4-byte row padding.

Run: /usr/bin/python3 test/oracle/bmp_oracle.py   (seconds; deterministic)
"""
import os
import struct

import numpy as np
from PIL import Image

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, 'test', 'fixtures', 'bmp')
H, W = 7, 13


def palette_bmp(indices, palette, bits, rle=False, top_down=False):
    """A BITMAPINFOHEADER BMP of palette indices (rows top to bottom), optionally RLE8/RLE4-coded."""
    h, w = indices.shape
    rows = indices if top_down else indices[::-1]
    if rle:
        data = bytearray()
        for row in rows:
            x = 0
            while x < w:
                run = 1
                while x + run < w and run < 255 and row[x + run] == row[x]:
                    run += 1
                if bits == 8:
                    data += bytes([run, int(row[x])])
                else:  # RLE4: a run of one nibble pair repeated
                    data += bytes([run, (int(row[x]) << 4) | int(row[x])])
                x += run
            data += b'\x00\x00'  # end of line
        data += b'\x00\x01'  # end of bitmap
        compression = 1 if bits == 8 else 2
    else:
        data = bytearray()
        row_bytes = (bits * w + 31) // 32 * 4
        for row in rows:
            line = bytearray(row_bytes)
            for x, v in enumerate(row):
                if bits == 8:
                    line[x] = int(v)
                elif bits == 4:
                    line[x // 2] |= int(v) << (4 if x % 2 == 0 else 0)
            data += line
        compression = 0
    pal = b''.join(bytes([b, g, r, 0]) for r, g, b in palette)
    offset = 14 + 40 + len(pal)
    info = struct.pack('<IiiHHIIiiII', 40, w, -h if top_down else h, 1, bits, compression, len(data), 2835, 2835, len(palette), 0)
    return b'BM' + struct.pack('<IHHI', offset + len(data), 0, 0, offset) + info + pal + bytes(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(12)
    rgb = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
    files = {}
    files['rgb24'] = ('pil', Image.fromarray(rgb))
    files['rgba32'] = ('pil', Image.fromarray(np.dstack([rgb, rng.integers(0, 256, (H, W, 1), dtype=np.uint8)])))
    files['palette8'] = ('pil', Image.fromarray(rgb).convert('P', palette=Image.ADAPTIVE, colors=200))
    files['grey8'] = ('pil', Image.fromarray(rgb).convert('L'))
    files['mono1'] = ('pil', Image.fromarray(rgb).convert('1'))
    palette = [tuple(int(c) for c in rng.integers(0, 256, 3)) for _ in range(16)]
    # Runs, so that RLE has something to code.
    idx = np.repeat(rng.integers(0, 16, (H, (W + 2) // 3)), 3, axis=1)[:, :W]
    files['palette4'] = ('raw', palette_bmp(idx, palette, 4))
    files['rle8'] = ('raw', palette_bmp(idx, palette, 8, rle=True))
    files['rle4'] = ('raw', palette_bmp(idx, palette, 4, rle=True))
    files['topdown8'] = ('raw', palette_bmp(idx, palette, 8, top_down=True))
    for name, (kind, v) in sorted(files.items()):
        path = os.path.join(OUT, name + '.bmp')
        if kind == 'pil':
            v.save(path, format='BMP')
        else:
            with open(path, 'wb') as f:
                f.write(v)
        with Image.open(path) as im:
            got = np.asarray(im.convert('RGB'))
        assert got.shape == (H, W, 3), (name, got.shape)
        with open(os.path.join(OUT, name + '.rgb'), 'wb') as f:
            f.write(got.tobytes())
        print(f'{name}: {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    main()
