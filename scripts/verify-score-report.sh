#!/usr/bin/env bash
# Scores the test fixture's 400 sheets, then has headless Chromium render report.html to a PNG screenshot and
# checks that the page drew something: a real browser, not a string match, looks at the report.
# Usage: scripts/verify-score-report.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
shot=${1:-$out/report.png}
swift run kaoxue score --paper Tests/KaoxueEndToEndTests/Fixtures/scoring --out "$out/scores"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1400 \
    --screenshot="$shot" "file://$out/scores/report.html" 2>/dev/null
python3 - "$shot" <<'PY'
import struct, sys, zlib
# Decodes the PNG (no imaging library needed: inflate, then undo each row's filter) and measures how much of the
# page is not background white.
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth}/{colour}"
chunks, pos = b"", 8
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        chunks += data[pos + 8:pos + 8 + length]
    pos += 12 + length
raw = zlib.decompress(chunks)
bpp = 3 if colour == 2 else 4
stride = width * bpp
previous = bytearray(stride)
inked = 0
for y in range(height):
    kind = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        left = line[x - bpp] if x >= bpp else 0
        up = previous[x]
        corner = previous[x - bpp] if x >= bpp else 0
        if kind == 1: line[x] = (line[x] + left) & 255
        elif kind == 2: line[x] = (line[x] + up) & 255
        elif kind == 3: line[x] = (line[x] + (left + up) // 2) & 255
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
    previous = line
    if y % 4 == 0:
        inked += sum(1 for x in range(0, stride, bpp * 4) if min(line[x], line[x + 1], line[x + 2]) < 200)
share = inked / (((height + 3) // 4) * ((width + 3) // 4))
print(f"report.html rendered by chromium: {width}x{height}, {share:.1%} of the page drawn")
assert width >= 1000 and height >= 1000, "screenshot too small"
assert 0.02 < share < 0.9, "the page looks empty or wrong"
PY
