// ESLint flat config. Lint zones keep the layers honest (as vscode-jupyter does with
// import/no-restricted-paths; here the core no-restricted-imports, one block per folder):
// - models/ is the pure engine: no vscode, no DOM, no native modules, no Node built-ins, no shell;
// - the shared protocol (extension/protocol/, shared/) imports only itself and the engine, and
//   neither vscode, the DOM nor Node, since both sides of a webview load it;
// - webview/ imports neither extension/ (its protocol aside) nor inference/, nor vscode or Node;
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
        patterns: [{ regex: into('extension', 'webview', 'inference', 'cli', 'shared'), message: 'models/ must not depend on the shells.' }],
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
    // After extension/**: this block's options replace that one's for the protocol files.
    files: ['extension/protocol/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('the protocol is loaded by the webviews too')],
        patterns: [
          { regex: '^\\.\\./(?!\\.\\./models(/|$))', message: 'extension/protocol/ imports only itself and the engine (models/).' },
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
          { regex: '(^|/)extension/(?!protocol/)', message: 'webview/ imports nothing of extension/ but the shared protocol.' },
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
