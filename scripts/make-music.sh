#!/usr/bin/env bash
# Synthesizes the background music tracks (public/music/*.mp3) with sox and ffmpeg: chord pads
# with a gentle pulse, reverb and fades. Deterministic; the tracks are original and CC0.
# Run: bash scripts/make-music.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=public/music
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# note NAME -> frequency (Hz)
freq() { python3 -c "
import sys
names={'C':-9,'C#':-8,'D':-7,'D#':-6,'E':-5,'F':-4,'F#':-3,'G':-2,'G#':-1,'A':0,'A#':1,'B':2}
n=sys.argv[1]; o=int(n[-1]); k=n[:-1]
print(round(440*2**((names[k]+12*(o-4))/12),3))" "$1"; }

# chord SECONDS WAVE "NOTES" OUT: one chord, each note a voice, with a slow swell
chord() {
  local seconds=$1 wave=$2 notes=$3 file=$4 synths=()
  for n in $notes; do synths+=("$wave" "$(freq "$n")"); done
  sox -q -n -r 44100 -c 2 "$file" synth "$seconds" "${synths[@]}" \
    tremolo 0.25 20 fade q 1.5 "$seconds" 1.5 gain -n -12
}

# track ID SECONDS_PER_CHORD WAVE REPEATS "CHORD|CHORD|…" EXTRA_SOX_EFFECTS
track() {
  local id=$1 len=$2 wave=$3 repeats=$4 progression=$5 effects=$6 parts=()
  IFS='|' read -ra chords <<<"$progression"
  local i=0
  for ((r = 0; r < repeats; r++)); do
    for c in "${chords[@]}"; do
      chord "$len" "$wave" "$c" "$work/$id-$i.wav"
      parts+=("$work/$id-$i.wav")
      i=$((i + 1))
    done
  done
  # Overlap the chords by crossfading: splice joins them without clicks.
  sox -q "${parts[@]}" "$work/$id.wav" $effects reverb 60 50 100 fade t 2 0 4 gain -n -3
  ffmpeg -v error -y -i "$work/$id.wav" -af loudnorm=I=-20:TP=-2:LRA=7 -ar 44100 -ac 2 \
    -c:a libmp3lame -b:a 128k "$out/$id.mp3"
}

track calm 8 sine 6 "C3 G3 E4 B4|A2 E3 C4 G4|F2 C3 A3 E4|G2 D3 B3 D4" "lowpass 2500"
track upbeat 4 triangle 11 "D3 A3 F#4 A4|B2 F#3 D4 F#4|G2 D3 B3 D4|A2 E3 C#4 E4" "tremolo 4 35 lowpass 3500"
track cinematic 10 sine 5 "D2 A2 D3 F3|A#1 F2 D3 F3|F2 C3 A3 C4|C2 G2 E3 G3" "lowpass 1800 tremolo 0.1 30"

python3 - "$out" <<'PY'
import json, subprocess, sys
out = sys.argv[1]
tracks = [("calm", "Harbour Lights", "calm"), ("upbeat", "Morning Tide", "upbeat"), ("cinematic", "Beyond the Horizon", "cinematic")]
listing = []
for tid, title, mood in tracks:
    f = f"{out}/{tid}.mp3"
    dur = float(subprocess.check_output(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", f]).decode())
    listing.append({"id": tid, "title": title, "mood": mood, "file": f"{tid}.mp3", "durationSec": round(dur, 2)})
json.dump(listing, open(f"{out}/tracks.json", "w"), indent=2)
PY
