#!/usr/bin/env bash
# Installs code-server 4.96.4 (VS Code 1.96.4: the web workbench plus the VS Code Server, whose
# extension host is a plain Node process) into a cache directory outside the repository.
#
# Why not a plain `npm install code-server`: its postinstall refuses to run as root under npm 11
# and then fails on a git dependency (@vscode/proxy-agent). The recipe below is the one recorded
# in shared/notes/real-vscode-tests.md: install without scripts, point proxy-agent at the npm
# registry tarball, rebuild only the native modules the server needs.
#
# Idempotent: the marker file is written last, so a complete install is reused in seconds and an
# interrupted one is wiped and redone. Prints the install directory on its last line of stdout.
set -euo pipefail

VERSION=4.96.4
PROXY_AGENT_VERSION=0.27.0
CACHE_ROOT="${BACKBONE_LENS_CACHE:-$HOME/.cache/backbone-lens}"
DIR="$CACHE_ROOT/code-server-$VERSION"
MARKER="$DIR/.install-complete"
SERVER_MAIN="$DIR/node_modules/code-server/lib/vscode/out/server-main.js"

log() { echo "install-vscode-server: $*" >&2; }

if [[ -f "$MARKER" && -f "$SERVER_MAIN" ]]; then
  log "reusing complete install in $DIR"
  echo "$DIR"
  exit 0
fi

# Keep the user's or the project's npm config from changing what gets installed here.
export npm_config_ignore_scripts=false
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false
export npm_config_loglevel=warn

started=$(date +%s)
if [[ -e "$DIR" ]]; then
  log "removing incomplete install in $DIR"
  rm -rf "$DIR"
fi
mkdir -p "$DIR"
cd "$DIR"
printf '{ "name": "backbone-lens-vscode-server", "private": true }\n' > package.json

log "[1/7] npm install code-server@$VERSION --ignore-scripts"
npm install --no-save --ignore-scripts "code-server@$VERSION" >&2

CS="$DIR/node_modules/code-server"
VS="$CS/lib/vscode"
[[ -f "$VS/out/server-main.js" ]] || { log "ERROR: $VS/out/server-main.js missing after install"; exit 1; }

log "[2/7] pointing @vscode/proxy-agent at the registry tarball ($PROXY_AGENT_VERSION)"
node - "$VS/npm-shrinkwrap.json" "$PROXY_AGENT_VERSION" <<'EOF'
const fs = require('fs');
const [file, version] = process.argv.slice(2);
const wrap = JSON.parse(fs.readFileSync(file, 'utf8'));
const entry = wrap.packages && wrap.packages['node_modules/@vscode/proxy-agent'];
if (!entry) throw new Error(`${file}: no node_modules/@vscode/proxy-agent entry`);
entry.version = version;
entry.resolved = `https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${version}.tgz`;
delete entry.integrity;
fs.writeFileSync(file, JSON.stringify(wrap, null, 2) + '\n');
EOF

log "[3/7] npm install --omit=dev --ignore-scripts in lib/vscode"
(cd "$VS" && npm install --omit=dev --ignore-scripts >&2)

log "[4/7] rebuilding native modules of the server"
# kerberos is left out on purpose: it needs Kerberos headers and the server runs without it.
(cd "$VS" && npm rebuild --foreground-scripts @vscode/spdlog node-pty native-watchdog @parcel/watcher @vscode/deviceid >&2)
for m in @vscode/spdlog node-pty native-watchdog @parcel/watcher @vscode/deviceid; do
  if ! find "$VS/node_modules/$m" -name '*.node' -path '*build*' | grep -q .; then
    log "ERROR: native module $m has no compiled .node file after rebuild"
    exit 1
  fi
done

log "[5/7] linking node_modules.asar -> node_modules"
ln -sfn node_modules "$VS/node_modules.asar"

log "[6/7] npm install --omit=dev in lib/vscode/extensions"
(cd "$VS/extensions" && npm install --omit=dev >&2)

log "[7/7] rebuilding argon2 for code-server itself"
# npm hoists argon2 to the top-level node_modules, so the rebuild runs from there.
npm rebuild --foreground-scripts argon2 >&2

# Smoke check: the native modules load in this Node, and the server entry point exists.
node -e "require('$DIR/node_modules/argon2'); require('$VS/node_modules/@vscode/spdlog'); require('$VS/node_modules/node-pty')" \
  || { log "ERROR: a native module of the server does not load"; exit 1; }
log "installed: $(node -p "require('$CS/package.json').version") with VS Code $(node -p "require('$VS/package.json').version")"

date -u +%FT%TZ > "$MARKER"
log "done in $(( $(date +%s) - started )) s: $DIR"
echo "$DIR"
