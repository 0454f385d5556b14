#!/bin/bash
# Debian's headless shell with Chromium flags added ($CHROMIUM_EXTRA_FLAGS) or Remotion's flags
# dropped ($CHROMIUM_DROP_FLAGS, a bash regex), to measure browser flags with the benchmark:
#   REMOTION_BROWSER_EXECUTABLE=$PWD/scripts/chromium-with-flags.sh \
#   CHROMIUM_EXTRA_FLAGS="--disable-gpu-rasterization" npm run bench -- --levers-only --only=0
args=()
for arg in "$@"; do
  if [ -n "$CHROMIUM_DROP_FLAGS" ] && [[ "$arg" =~ $CHROMIUM_DROP_FLAGS ]]; then continue; fi
  args+=("$arg")
done
# shellcheck disable=SC2086 # the extra flags are meant to split into words
exec /usr/lib/chromium/chromium-headless-shell "${args[@]}" $CHROMIUM_EXTRA_FLAGS
