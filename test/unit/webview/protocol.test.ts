// The host↔webview contract: parseWebviewMessage accepts exactly the protocol's messages and
// rejects everything else (the webview is untrusted input).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspectHostServes, parseModelConfig } from '../../../shared/protocol/inspect';
import { accepted } from '../shared/protocolCheck';

const parseWebviewMessage = (m: unknown): unknown => accepted(inspectHostServes, m);

describe('parseWebviewMessage', () => {
  it('accepts every message type in its valid form', () => {
    const valid = [
      { type: 'ready' },
      { type: 'ready', main: { source: { kind: 'preset', id: 'resnet50' }, input: [224, 224], knobs: { layers: [3, 4, 6, 3] } } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'file', uri: 'file:///w/a.backbone.json', label: 'a.backbone.json' } } },
      { type: 'configure', slot: 'compare', config: { source: { kind: 'preset', id: 'densenet121' }, knobs: { ibn: true, block: 'basic', compression: 0.5 } } },
      { type: 'pickModel', slot: 'compare' },
      { type: 'clearCompare' },
      { type: 'exportImage', format: 'svg', target: 'clipboard', data: '<svg/>' },
      { type: 'exportImage', format: 'png', target: 'file', data: 'iVBORw0KGgo=' },
      { type: 'exportTable', format: 'markdown', target: 'file', slot: 'main' },
      { type: 'exportTable', format: 'csv', target: 'clipboard', slot: 'compare' },
    ];
    for (const m of valid) assert.deepEqual(parseWebviewMessage(m), m, JSON.stringify(m));
  });

  it('rejects unknown types, wrong fields and hostile values', () => {
    const invalid: unknown[] = [
      null, 42, 'ready', [], {}, { type: 'eval', code: '1' }, { type: 'configure', slot: 'other', config: { source: { kind: 'preset', id: 'x' } } },
      { type: 'configure', slot: 'main' },
      { type: 'configure', slot: 'main', config: { source: { kind: 'url', id: 'x' } } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'preset', id: '' } } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'preset', id: 'resnet50' }, input: [0, 224] } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'preset', id: 'resnet50' }, input: [224.5, 224] } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'preset', id: 'resnet50' }, input: [224] } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'preset', id: 'resnet50' }, knobs: { __proto__x: 1, 'a b': 2 } } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'preset', id: 'resnet50' }, knobs: { layers: [1, 'x'] } } },
      { type: 'configure', slot: 'main', config: { source: { kind: 'preset', id: 'resnet50' }, knobs: { groups: { nested: 1 } } } },
      { type: 'exportImage', format: 'png', target: 'clipboard', data: 'AAAA' },
      { type: 'exportImage', format: 'png', target: 'file', data: '<script>' },
      { type: 'exportImage', format: 'gif', target: 'file', data: '' },
      { type: 'exportTable', format: 'html', target: 'file', slot: 'main' },
      { type: 'ready', main: { source: 'resnet50' } },
    ];
    for (const m of invalid) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });

  it('copies knob values rather than keeping the sender’s arrays', () => {
    const layers = [3, 4, 6, 3];
    const c = parseModelConfig({ source: { kind: 'preset', id: 'resnet50' }, knobs: { layers } });
    assert.deepEqual(c?.knobs?.layers, layers);
    assert.notEqual(c?.knobs?.layers, layers);
  });
});
