#!/usr/bin/env node
// The README's test badges, from the last full `npm test` run on this machine
// (test-results/summary.json, written by scripts/test-all.mjs): one for the whole run and one per
// tier, each saying its counts; the run's date and commit are in each badge's title. No hosted
// CI runs these tests: the badges record a local run and say so. Refuses a partial run (--only).
//   npm test && node scripts/make-badges.mjs     → media/badges/*.svg (commit them)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/vscodeServer.mjs';

const summary = JSON.parse(readFileSync(join(REPO_ROOT, 'test-results', 'summary.json'), 'utf8'));
if (!summary.all) {
  console.error('make-badges: test-results/summary.json is from a partial run (--only); run `npm test` first');
  process.exit(1);
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
/** Approximate width of `text` in 11 px Verdana-like type (px): enough for a badge's box. */
const width = (text) => Math.round([...text].reduce((w, c) => w + (/[ilI.,:·|]/.test(c) ? 3.5 : /[mwMW]/.test(c) ? 9.5 : 7), 0)) + 10;

function badge(label, value, ok, title) {
  const lw = width(label);
  const vw = width(value);
  const colour = ok ? '#2e7d32' : '#c62828';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${esc(`${label}: ${value}`)}">
  <title>${esc(title)}</title>
  <rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${colour}"/>
  <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
    <text x="${lw / 2}" y="14">${esc(label)}</text><text x="${lw + vw / 2}" y="14">${esc(value)}</text>
  </g>
</svg>
`;
}

const when = `local run of ${summary.commit ?? 'an uncommitted tree'}, ${summary.finishedAt.slice(0, 10)}`;
const dir = join(REPO_ROOT, 'media', 'badges');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'tests.svg'), badge('npm test', `${summary.passed} passed, ${summary.failed} failed`, summary.failed === 0, when));
for (const t of summary.tiers) writeFileSync(join(dir, `${t.id}.svg`), badge(t.id, t.failed === 0 ? `${t.passed} passed` : `${t.failed} failed`, t.failed === 0, `${when}, ${t.seconds} s`));
console.log(`make-badges: ${summary.tiers.length + 1} badges in ${dir} (${when})`);
