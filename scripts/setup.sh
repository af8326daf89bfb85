#!/usr/bin/env bash
# Sets up everything docpipe needs on a Debian machine: system libraries, Chinese fonts, a JRE
# for epubcheck, and the Python environment in .venv. Safe to run again: it only does what is
# missing, so a second run takes a second or two and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint; hb-subset: 10x faster PDFs
  libcairo2                         # cairosvg: SVG images drawn as PNG for the DOCX
  fontconfig fonts-noto-cjk fonts-lxgw-wenkai               # Song/Hei (Noto CJK SC), Kai (WenKai)
  default-jdk-headless              # epubcheck in the tests (JDK: they batch books in one JVM)
  poppler-utils                                             # pdftoppm for the README pictures
  libreoffice-writer-nogui                                  # tests open the DOCX in a real word processor
  python3-uno                       # redline tests accept/reject tracked changes in LibreOffice
)
FANDOL_DIR=/usr/local/share/fonts/fandol

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in "${PACKAGES[@]}"; do
  case "$pkg" in \#*) continue;; esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# FandolFang is the free FangSong with full GB2312 coverage (the gongwen style's body face).
# It ships only inside texlive-lang-chinese; unpack its fonts without installing TeX.
if [ ! -f "$FANDOL_DIR/FandolFang-Regular.otf" ]; then
  echo "setup: unpacking the Fandol fonts from texlive-lang-chinese"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq texlive-lang-chinese 2>/dev/null \
     || { as_root apt-get update -qq && apt-get download -qq texlive-lang-chinese; })
  dpkg-deb -x "$work"/texlive-lang-chinese_*.deb "$work/root"
  as_root mkdir -p "$FANDOL_DIR"
  as_root cp "$work"/root/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol{Fang,Hei,Kai,Song}-*.otf \
    "$FANDOL_DIR/"
  as_root fc-cache -f "$FANDOL_DIR" >/dev/null
fi

# Office font names in the DOCX (宋体, 仿宋_GB2312 …) drawn with the free faces where the real
# ones are missing, so LibreOffice here shows the DOCX as the PDF looks.
conf=scripts/fontconfig/65-docpipe-office-fonts.conf
if ! cmp -s "$conf" /etc/fonts/conf.d/65-docpipe-office-fonts.conf; then
  as_root cp "$conf" /etc/fonts/conf.d/65-docpipe-office-fonts.conf
  as_root fc-cache -f >/dev/null
fi

# The Python environment: .venv in the project root, docpipe installed editable with test tools.
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
stamp=.venv/.docpipe-setup
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x .venv/bin/docpipe ]; then
  echo "setup: installing docpipe and its test tools into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$want" > "$stamp"
fi
