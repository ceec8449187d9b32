#!/bin/sh
# make deb: the Debian package of this checkout, from the locked wheels.
#   packaging/build-deb.sh [OUTDIR]      (default build/deb; EV_KIOSK_VERSION=0.1.1 overrides the version)
# Wheels are downloaded once into build/wheels (pip checks each against the
# lock's hashes) and reused; the package is assembled in build/deb/src.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-build/deb}
PY=${PY:-.venv/bin/python}
case $PY in /*) ;; *) PY=$(pwd)/$PY ;; esac
WHEELS=$(pwd)/build/wheels
for tool in dpkg-buildpackage dh /usr/bin/python3; do
  command -v $tool >/dev/null || { echo "make deb: needs $tool (apt install dpkg-dev debhelper python3-venv)" >&2; exit 3; }
done
mkdir -p "$WHEELS" "$OUT"
"$PY" -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
  -r requirements/runtime.lock -d "$WHEELS"
SRC=$OUT/src
rm -rf "$SRC" && mkdir -p "$SRC"
# What git tracks (nothing stray from the working tree) plus the built translations.
git ls-files -z kiosk qml examples assets/i18n requirements LICENSE README.md packaging/systemd \
  | xargs -0 cp --parents -t "$SRC"
cp assets/i18n/*.qm "$SRC/assets/i18n/"
cp -r packaging/debian "$SRC/debian"
cp packaging/systemd/ev-kiosk.service "$SRC/debian/ev-kiosk.ev-kiosk.service"
cp packaging/systemd/ev-kiosk-linuxfb.service "$SRC/debian/ev-kiosk.ev-kiosk-linuxfb.service"
echo README.md > "$SRC/debian/ev-kiosk.docs"
PIP="$PY -m pip"
(cd "$SRC" && WHEELS="$WHEELS" PIP="$PIP" \
   dpkg-buildpackage --build=binary --no-sign -d >../build.log 2>&1) \
  || { tail -30 "$OUT/build.log" >&2; exit 1; }
ls "$OUT"/*.deb
