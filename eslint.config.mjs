// ESLint flat config. The key rule: the engine in models/ stays pure (no vscode, no DOM,
// no native modules, no Node built-ins) so the host, the webview, the CLI and tests share it.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'http', 'https', 'net', 'zlib', 'url', 'util', 'stream'];

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
        patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'models/ must not depend on the shells.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'require', 'process', 'Buffer'],
    },
  },
);
