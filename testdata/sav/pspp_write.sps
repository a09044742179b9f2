* Writes study.sav (bytecode-compressed), study_uncompressed.sav and
* study_zlib.zsav with GNU PSPP:  pspp pspp_write.sps  (run in this directory).
* The dictionary encoding is UTF-8; pspp_latin1.sps writes a windows-1252 file.
SET DECIMAL=DOT.
DATA LIST LIST /record_id (F4.0) grupo (F1.0) SSQ_1_pre (F3.0) SSQ_1_post (F3.0) RAS_R_12_T1 (F4.1) comentario (A20) peso (F10.2).
BEGIN DATA
1 1 3 5 1.5 "Intervención" 0.1
2 2 999 4 95 "NA" .
3 1 . 7 -9 "" 12345678.25
4 2 2 6 3.2 "ñandú" -2.5
5 . 1 2 99 "x" 10000000000
6 1 7 999 4 'with,comma "q"' 0.00001
END DATA.
STRING nota_larga (A300).
COMPUTE nota_larga = "".
IF (record_id = 1) nota_larga = CONCAT("0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij",
  "0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij",
  "0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789ABCDEFGHIJ").
IF (record_id = 2) nota_larga = "corta".
VARIABLE LABELS grupo 'Grupo de estudio' /SSQ_1_pre 'SSQ item 1 (pre)' /RAS_R_12_T1 'RAS-R item 12, T1' /comentario 'Comentario libre'.
VALUE LABELS grupo 1 'Control' 2 'Intervención' /RAS_R_12_T1 1 'Strongly disagree' 5 'Strongly agree' /comentario 'x' 'Equis'.
MISSING VALUES SSQ_1_pre SSQ_1_post (999) /RAS_R_12_T1 (90 THRU 99, -9) /comentario ('NA').
SAVE OUTFILE='study.sav' /COMPRESSED.
SAVE OUTFILE='study_uncompressed.sav' /UNCOMPRESSED.
SAVE OUTFILE='study_zlib.zsav' /ZCOMPRESSED.
