// ESLint flat config. Lint zones keep the layers honest (as vscode-jupyter does with
// import/no-restricted-paths; here the core no-restricted-imports, one block per folder):
// - models/ is the pure engine: no vscode, no DOM, no native modules, no Node built-ins, no shell;
//   of shared/ it uses only the error codes (shared/errors.ts), which its errors carry;
// - shared/ (the protocols, the validation toolkit, the rpc helper, the error codes) imports only
//   itself and the engine, and neither vscode, the DOM nor Node, since both sides of a webview
//   and the worker load it;
// - webview/ imports neither extension/ nor inference/, nor vscode or Node;
// - the worker (inference/) and the CLI import nothing of extension/ or webview/, nor vscode;
// - extension/ imports nothing of webview/ (the bundles are built apart).
// test/unit/lintZones.test.ts runs ESLint on violating imports to prove each zone rejects them.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'http', 'https', 'net', 'zlib', 'url', 'util', 'stream'];
const nodeImports = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);
const DOM_GLOBALS = ['window', 'document', 'navigator', 'self', 'localStorage', 'acquireVsCodeApi'];

/** An import path that reaches into one of `layers` (relative or not). */
const into = (...layers) => `(^|/)(${layers.join('|')})/`;
const noVscode = (why) => ({ name: 'vscode', message: `${why}: no vscode.` });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['models/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'models/ is the pure engine: no vscode imports.' },
          { name: 'onnxruntime-node', message: 'models/ is the pure engine: no native modules.' },
          { name: 'd3', message: 'models/ is the pure engine: rendering belongs in webview/.' },
          ...nodeBuiltins.flatMap((m) => [
            { name: m, message: 'models/ is the pure engine: file and process access belong in the shells.' },
            { name: `node:${m}`, message: 'models/ is the pure engine: file and process access belong in the shells.' },
          ]),
        ],
        patterns: [
          { regex: into('extension', 'webview', 'inference', 'cli'), message: 'models/ must not depend on the shells.' },
          { regex: '(^|/)shared/(?!errors$)', message: 'models/ must not depend on the shells: of shared/ only the error codes (shared/errors).' },
        ],
      }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS, 'require', 'process', 'Buffer'],
    },
  },
  {
    files: ['extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: into('webview'), message: 'extension/ imports nothing of webview/: the webviews are bundled apart and talk through the protocol.' }],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('the protocol is loaded by the webviews too')],
        patterns: [
          { regex: into('extension', 'webview', 'inference', 'cli'), message: 'the protocol imports only itself and the engine (models/).' },
          { group: nodeImports, message: 'the protocol is loaded by the webviews too: no Node built-ins.' },
        ],
      }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS, 'require', 'process', 'Buffer'],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('webview/ runs in the browser; it talks to the host by messages')],
        patterns: [
          { regex: into('extension'), message: 'webview/ imports nothing of extension/: the protocols are in shared/.' },
          { regex: into('inference', 'cli'), message: 'webview/ imports nothing of inference/ or cli/.' },
          { group: nodeImports, message: 'webview/ runs in the browser: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['inference/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('the worker and the CLI run outside VS Code')],
        patterns: [{ regex: into('extension', 'webview'), message: 'the worker and the CLI import nothing of extension/ or webview/.' }],
      }],
    },
  },
);
