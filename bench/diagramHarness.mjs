// A standalone page that loads the built Inspect Model webview bundle (dist/webview/inspect.js)
// with a fake acquireVsCodeApi, for the diagram bench and for quick visual checks outside the
// workbench. ModelData comes from the same host code the extension runs (extension/inspect/
// modelData.ts), bundled on the fly with esbuild.
import * as esbuild from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Loads the host's engine → ModelData code into this Node process. */
export async function hostModule() {
  const dir = mkdtempSync(join(tmpdir(), 'bl-bench-'));
  const out = join(dir, 'host.cjs');
  await esbuild.build({
    stdin: {
      contents: "export { toModelData } from './extension/inspect/modelData'; export * as engine from './models';",
      resolveDir: REPO,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

export function modelData(host, id) {
  const spec = host.engine.resolveId(id);
  return host.toModelData(spec, host.engine.analyzeSpec(spec), { source: { kind: 'preset', id } });
}

/** The subset of theme variables the page uses, for a dark and a light theme. */
const THEMES = {
  dark: {
    foreground: '#cccccc', 'editor-background': '#1e1e1e', descriptionForeground: '#9d9d9d', 'editorWidget-background': '#252526',
    'editorWidget-border': '#454545', focusBorder: '#007fd4', 'textLink-foreground': '#3794ff', 'charts-blue': '#3794ff',
    'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7',
    'panel-border': '#80808059', 'sideBar-background': '#252526', 'errorForeground': '#f48771', 'font-family': 'sans-serif', 'font-size': '13px',
  },
  light: {
    foreground: '#616161', 'editor-background': '#ffffff', descriptionForeground: '#717171', 'editorWidget-background': '#f3f3f3',
    'editorWidget-border': '#c8c8c8', focusBorder: '#0090f1', 'textLink-foreground': '#006ab1', 'charts-blue': '#1a85ff',
    'charts-green': '#388a34', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-red': '#e51400', 'charts-purple': '#652d90',
    'panel-border': '#80808059', 'sideBar-background': '#f3f3f3', 'errorForeground': '#a1260d', 'font-family': 'sans-serif', 'font-size': '13px',
  },
};

/**
 * Writes the harness page. `state` is what getState() returns (e.g. expanded groups); messages
 * the page posts are collected in window.__posted; window.__deliver(msg) hands it a host message.
 * `page` names the bundle and stylesheet (`inspect`, `classify`).
 */
export function writeHarness({ theme = 'dark', state, page = 'inspect' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bl-harness-'));
  const vars = Object.entries(THEMES[theme]).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${pathToFileURL(join(REPO, 'media', `${page}.css`))}">
<style>body { ${vars} }</style>
<script>
window.__posted = [];
window.__state = ${JSON.stringify(state ?? null)};
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
window.__deliver = (msg) => window.dispatchEvent(new MessageEvent('message', { data: msg }));
/** Resolves after the next complete paint (a frame, then a task after it). */
window.__painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
</script></head>
<body class="vscode-${theme}"><div id="app" class="app"></div>
<script src="${pathToFileURL(join(REPO, 'dist', 'webview', `${page}.js`))}"></script></body></html>`;
  const file = join(dir, 'index.html');
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}
