// Reading what users type into the toolbar (pure, unit-tested). The engine validates ranges; an
// input size is read by the engine's one rule (models/inputSize.ts).
import type { KnobSpec, KnobValue } from '../../models';

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

