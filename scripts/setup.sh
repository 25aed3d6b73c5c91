#!/usr/bin/env bash
# Idempotent set-up shared by ./liverscreen and ./test. Quiet when nothing is missing.
#   scripts/setup.sh          what the main job needs (GDCM, ONNX Runtime, the built program)
#   scripts/setup.sh --test   also what the tests need (PyTorch, pydicom, elastix, servers, Chromium, Azurite)
# Everything project-local goes under .tools/ (ignored by git).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:-main}"
log() { printf '\033[2m[setup] %s\033[0m\n' "$*" >&2; }

main_apt=(libgdcm-cil libgdcm-tools elastix)
test_apt=(dcmtk python3-pydicom python3-numpy python3-scipy python3-torch python3-onnx chromium rabbitmq-server postgresql)
apt_wanted=("${main_apt[@]}")
[[ "$mode" == "--test" ]] && apt_wanted+=("${test_apt[@]}")

missing=()
for p in "${apt_wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing apt packages: ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ONNX Runtime 1.30.0: Microsoft's own CPU build, shipped inside the npm package onnxruntime-node.
# --ignore-scripts: its install script would fetch CUDA providers from NuGet, which is not reachable here.
ort_version="1.30.0"
ort_dir=".tools/npm/node_modules/onnxruntime-node/bin/napi-v6/linux/x64"
if [[ ! -f "$ort_dir/libonnxruntime.so.1" ]]; then
  log "installing onnxruntime-node@$ort_version into .tools/npm (for libonnxruntime.so.1)"
  mkdir -p .tools/npm
  npm install --prefix .tools/npm --ignore-scripts --no-audit --no-fund --silent "onnxruntime-node@$ort_version" >/dev/null
fi
mkdir -p .tools/onnxruntime
ln -sf "$root/$ort_dir/libonnxruntime.so.1" .tools/onnxruntime/libonnxruntime.so.1

if [[ "$mode" == "--test" && ! -x .tools/npm/node_modules/.bin/azurite-blob ]]; then
  log "installing azurite@3.37.0 into .tools/npm"
  npm install --prefix .tools/npm --no-audit --no-fund --silent azurite@3.37.0 >/dev/null
fi

# Build when any source is newer than the program (dotnet build itself takes ~20 s even when nothing changed).
dll="workers/LiverScreen.Cli/bin/Release/net10.0/liverscreen.dll"
if [[ ! -f "$dll" ]] || [[ -n "$(find contracts functions workers Directory.Build.props Directory.Packages.props global.json \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -newer "$dll" -print -quit)" ]]; then
  log "building LiverScreen (Release)"
  if ! out=$(dotnet build workers/LiverScreen.Cli/LiverScreen.Cli.csproj -c Release -nologo -v q 2>&1); then
    printf '%s\n' "$out" | grep -E 'error|Error' >&2 || printf '%s\n' "$out" >&2
    exit 1
  fi
  touch "$dll"
fi
