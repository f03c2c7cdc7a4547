#!/usr/bin/env node
// Renders the extension icon, media/icon.png (128×128, what the Marketplace and the Extensions
// view show), from its source media/icon.svg with sharp (a dependency already).
// Re-run after editing the SVG and commit both:  node scripts/make-icon.mjs
import { join } from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from './lib/vscodeServer.mjs';

const src = join(REPO_ROOT, 'media', 'icon.svg');
const out = join(REPO_ROOT, 'media', 'icon.png');
const info = await sharp(src, { density: 72 }).resize(128, 128).png({ compressionLevel: 9 }).toFile(out);
console.log(`make-icon: ${out}: ${info.width}×${info.height}, ${info.size} bytes`);
