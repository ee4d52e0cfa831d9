#!/usr/bin/env bash
# Build the PH-Assist desktop app as one self-contained folder (PyInstaller),
# then smoke-start it: the frozen launcher renders the demo case into a PNG.
#
#   bash packaging/build.sh            # build dist/PH-Assist and smoke-start it
#   bash packaging/build.sh --no-smoke # build only
#
# Environment (all optional):
#   PYTHON                 Python 3.11 with a shared libpython (default: python3.11)
#   PH_ASSIST_BUILD_VENV   build environment, created on first use (default: build/venv)
#   PH_ASSIST_DIST         where PH-Assist/ goes (default: dist)
#   PH_ASSIST_KEEP_ALL_CUDA=1  keep every CUDA library of the torch wheel (see ph-assist.spec)
# Takes several minutes (the first run also installs PyTorch into the build environment).
# Not part of the test suite; see packaging/README.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3.11}
VENV=${PH_ASSIST_BUILD_VENV:-$REPO/build/venv}
DIST=${PH_ASSIST_DIST:-$REPO/dist}
WORK=$REPO/build/pyinstaller
APP=$DIST/PH-Assist
SMOKE=1
for arg in "$@"; do
  case "$arg" in
    --no-smoke) SMOKE=0 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'build.sh: %s\n' "$*"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# 1. Build environment: the app with its pinned dependencies, and PyInstaller.
if [ ! -x "$VENV/bin/python" ]; then
  say "creating the build environment $VENV"
  "$PYTHON" -m venv "$VENV"
fi
say "installing PH-Assist and PyInstaller into $VENV"
"$VENV/bin/pip" install -q "$REPO" "pyinstaller>=6.11"
# The working tree as it is now, even when the version number did not change.
"$VENV/bin/pip" install -q --no-deps --force-reinstall "$REPO"

# 2. Icon: packaging/ph-assist.png if the project has one, else a simple one drawn here.
mkdir -p "$WORK"
ICON_PNG=$REPO/packaging/ph-assist.png
if [ ! -f "$ICON_PNG" ]; then
  ICON_PNG=$WORK/ph-assist.png
  "$VENV/bin/python" - "$ICON_PNG" <<'PY'
import sys
from PIL import Image, ImageDraw, ImageFont

size = 256
img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.rounded_rectangle((8, 8, size - 8, size - 8), radius=48, fill=(22, 78, 120, 255))
# An ECG trace across the tile, and the initials.
pts = [(28, 170), (78, 170), (92, 150), (104, 170), (118, 170), (130, 118), (144, 214), (156, 170), (228, 170)]
d.line(pts, fill=(255, 255, 255, 255), width=10, joint="curve")
try:
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 72)
except OSError:
    font = ImageFont.load_default(size=72)
d.text((size // 2, 66), "PH", font=font, fill=(255, 255, 255, 255), anchor="mm")
img.save(sys.argv[1])
PY
fi

# 3. Freeze.
say "running PyInstaller (minutes)"
t0=$(now)
PH_ASSIST_REPO=$REPO PH_ASSIST_ICON="" nice -n 10 "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" "$REPO/packaging/ph-assist.spec"
t1=$(now)
BUILD_S=$(secs "$t0" "$t1")

# 4. Linux desktop integration: the icon, a .desktop template and its installer.
cp "$ICON_PNG" "$APP/ph-assist.png"
cp "$REPO/packaging/ph-assist.desktop.in" "$REPO/packaging/install-desktop-entry.sh" "$APP/"
chmod +x "$APP/install-desktop-entry.sh" "$APP/PH-Assist"

SIZE=$(du -sh "$APP" | cut -f1)
SIZE_MB=$(du -sm "$APP" | cut -f1)
say "built $APP: $SIZE ($SIZE_MB MiB), PyInstaller took ${BUILD_S} s"

[ "$SMOKE" = 1 ] || exit 0

# 5. Smoke start, away from the source tree and the build environment: a fresh
#    home and cache (so the first start also generates the demo case), offscreen.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/home"
OUT=$WORK/smoke-demo.png
rm -f "$OUT" "$WORK/smoke-demo-warm.png"
run_app() {
  (cd "$TMP" && env -i PATH=/usr/bin:/bin HOME="$TMP/home" XDG_CACHE_HOME="$TMP/cache" \
    XDG_CONFIG_HOME="$TMP/config" PH_ASSIST_CONFIG_DIR="$TMP/config/ph-assist" \
    QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$APP/PH-Assist" "$@")
}
say "smoke start: PH-Assist --demo --screenshot (first start: generates the demo case)"
t0=$(now)
run_app --demo --screenshot "$OUT" --size 1600x960 --timeout 600
t1=$(now)
COLD_S=$(secs "$t0" "$t1")
t0=$(now)
run_app --demo --screenshot "$WORK/smoke-demo-warm.png" --size 1600x960 --timeout 600
t1=$(now)
WARM_S=$(secs "$t0" "$t1")
for png in "$OUT" "$WORK/smoke-demo-warm.png"; do
  if [ ! -s "$png" ] || [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    say "FAILED: $png is missing or not a PNG"; exit 1
  fi
done
say "smoke start: the shipped demo bundle's origin"
run_app bundle verify "$APP/_internal/resources/bundles/demo"

say "OK"
say "folder:      $APP ($SIZE, $SIZE_MB MiB)"
say "build time:  ${BUILD_S} s (PyInstaller only)"
say "start time to screenshot: first start ${COLD_S} s (includes generating the demo case), next start ${WARM_S} s"
say "screenshot:  $OUT"
