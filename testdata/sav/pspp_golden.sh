#!/bin/sh
# What GNU PSPP itself reads from each test file: DISPLAY DICTIONARY and LIST
# (numbers at 8 decimals), written to NAME.pspp.csv. The Go tests hold the
# same values. Run in this directory: sh pspp_golden.sh
set -e
for f in study.sav study_uncompressed.sav study_zlib.zsav haven_byte.sav haven_none.sav haven_zsav.zsav; do
	cat > /tmp/pspp_golden.sps <<SPS
GET FILE='$f'.
DISPLAY DICTIONARY.
FORMATS record_id grupo SSQ_1_pre SSQ_1_post RAS_R_12_T1 peso (F22.8).
LIST.
SPS
	pspp -o "$f.pspp.csv" /tmp/pspp_golden.sps 2>&1 | grep -v '^$' || true
done
cat > /tmp/pspp_golden.sps <<SPS
GET FILE='study_latin1.sav'.
DISPLAY DICTIONARY.
LIST.
SPS
pspp -o study_latin1.sav.pspp.csv /tmp/pspp_golden.sps
printf "GET FILE='ranges.sav'.\nDISPLAY DICTIONARY.\nDISPLAY DOCUMENTS.\nLIST.\n" > /tmp/pspp_golden.sps
pspp -o ranges.sav.pspp.csv /tmp/pspp_golden.sps
