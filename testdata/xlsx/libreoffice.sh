#!/bin/sh
# Makes libreoffice-types.xlsx (openxlsx-types.xlsx opened and saved by
# LibreOffice Calc: its styles, its shared strings, formulas with the values
# it calculated) and libreoffice-wide.xlsx (testdata/study/wide.csv imported
# as UTF-8 and saved), workbooks as LibreOffice writes them, for internal/dataset's
# reader tests (TestXLSXVariantsAgree). Needs LibreOffice (Debian:
# libreoffice-calc-nogui). Run from the repository root.
set -e
out=$(mktemp -d)
cp testdata/study/wide.csv "$out/libreoffice-wide.csv"
cp testdata/xlsx/openxlsx-types.xlsx "$out/libreoffice-types.xlsx"
mkdir "$out/x"
soffice --headless --norestore --infilter="CSV:44,34,76,1" --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out/x" "$out/libreoffice-types.xlsx" "$out/libreoffice-wide.csv"
cp "$out/x/libreoffice-types.xlsx" "$out/x/libreoffice-wide.xlsx" testdata/xlsx/
rm -r "$out"
