// The stats table of the export (Markdown or CSV), built from the engine's statsReport rows at
// layer depth: the same rows and numbers as `backbone-lens stats --json`.
import { reportRows, type Analysis, type BackboneAnalysis, type NodeJson } from '../../models';
import { integer, shape } from '../../models/report/format';

const HEADERS = ['path', 'op', 'output', 'params', 'MACs', 'RF size (px)', 'RF min (px)', 'RF stride (px)'];

function cells(r: NodeJson): string[] {
  const rf = r.rf.size === null ? ['global', '', ''] : [String(r.rf.size), String(r.rf.min), String(r.rf.stride)];
  return [r.path, r.op, shape(r.output_shape), String(r.params), String(r.macs), ...rf];
}

/**
 * The Markdown table: numbers with thousands separators (exact, as the hovers print them); the
 * path itself says the nesting (layer3.0.conv1), so no indentation entities are needed.
 */
export function markdownTable(id: string, a: BackboneAnalysis): string {
  const rows = reportRows(a, 'layer');
  const title = `# ${id} at ${shape(a.input)}\n\n` +
    `depth ${a.total.depth} · ${integer(a.total.params)} params · ${integer(a.total.macs)} MACs (conv + linear, one image) · feature map ${shape(a.featureShape)}\n\n`;
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map((_, i) => (i >= 3 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r).map((c, i) => (i >= 3 && /^\d+$/.test(c) ? integer(Number(c)) : esc(c))).join(' | ')} |`),
  ];
  return title + lines.join('\n') + '\n';
}

export function csvTable(_id: string, a: Analysis): string {
  const rows = reportRows(a, 'layer');
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [['kind', 'depth', ...HEADERS].join(','), ...rows.map((r) => [r.kind, String(r.depth), ...cells(r)].map(q).join(','))].join('\n') + '\n';
}
