#!/usr/bin/env bash
# Generates papers from the shipped bank and sample blueprint, and from a bank made to stress layout
# (scripts/make_layout_bank.py), then has readers kaoxue did not write open them: python-docx for the .docx files;
# LibreOffice renders the .docx to PDF and the page layout is checked from the PDF's text positions
# (scripts/verify-paper-layout.py); headless Chromium (when installed) prints the HTML to PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swift run kaoxue paper generate --bank QuestionBanks --blueprint QuestionBanks/blueprints/月度测试.yaml --out "$out/paper"
python3 scripts/check_docx.py "$out/paper"
python3 scripts/verify-paper-layout.py "$out/paper"
python3 scripts/make_layout_bank.py "$out/layout"
swift run kaoxue paper generate --bank "$out/layout/bank.txt" --blueprint "$out/layout/blueprint.yaml" --out "$out/layout/paper"
python3 scripts/check_docx.py "$out/layout/paper"
python3 scripts/verify-paper-layout.py "$out/layout/paper"
if command -v chromium >/dev/null; then
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$out/paper-A.pdf" \
        "file://$out/paper/handout/paper-A.html" 2>/dev/null
    test -s "$out/paper-A.pdf" && echo "chromium printed paper-A.html to PDF ($(wc -c <"$out/paper-A.pdf") bytes)"
fi
