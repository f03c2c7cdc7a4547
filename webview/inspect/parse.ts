// Reading what users type into the toolbar (pure, unit-tested). The engine validates ranges.
import type { KnobSpec, KnobValue } from '../../models';

export function parseInputSize(text: string): [number, number] | undefined {
  const m = /^\s*(\d+)\s*(?:[x×,]\s*(\d+))?\s*$/i.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const w = Number(m[2] ?? m[1]);
  return h >= 1 && w >= 1 && h <= 65536 && w <= 65536 ? [h, w] : undefined;
}

/** Parses a knob's text as its spec expects; the host (engine) still validates the range. */
export function parseKnob(spec: KnobSpec, text: string): KnobValue | undefined {
  const t = text.trim();
  switch (spec.kind) {
    case 'int':
      return /^-?\d+$/.test(t) ? Number(t) : undefined;
    case 'number':
      return t !== '' && Number.isFinite(Number(t)) ? Number(t) : undefined;
    case 'intList': {
      const parts = t.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
      return parts.length > 0 && parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : undefined;
    }
    default:
      return undefined;
  }
}

