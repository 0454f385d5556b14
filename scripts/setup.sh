#!/usr/bin/env bash
# Installs what Reelwright needs on Debian/Ubuntu (Node 20+ must already be there), then renders
# the bundled demo article to out/demo/. Set REELWRIGHT_SKIP_DEMO=1 to install only (CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: the browser Remotion renders with, ffmpeg/ffprobe for checks, the offline
# voices (Festival, its best English voices and its Italian one), sox for audio, an emoji font, and
# the offline speech recogniser for clips (PocketSphinx with its US English model).
APT_PACKAGES=(
  chromium-headless-shell
  ffmpeg
  festival
  festvox-us-slt-hts
  festvox-kallpc16k
  festvox-italp16k
  sox
  fonts-noto-color-emoji
  pocketsphinx
  pocketsphinx-en-us
)

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Reelwright needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "==> Installing npm packages"
# `npm install`, not `npm ci`: the lock cannot list Next.js's compilers for macOS and Windows when
# the registry in use does not serve them, and `npm ci` refuses a lock without them. With the lock
# as committed, `npm install` installs exactly its versions.
npm install --no-audit --no-fund --loglevel=error

if [ "${REELWRIGHT_SKIP_DEMO:-0}" = "1" ]; then
  exit 0
fi

echo "==> Rendering the demo article to out/demo/"
npm run --silent demo
