* Writes ranges.sav with GNU PSPP: open-ended missing-value ranges, three
* discrete codes, string and long-string missing values and labels (the
* long string ones go to extension records 21 and 22), a document.
* Run in this directory: pspp pspp_ranges.sps
DATA LIST LIST /a (F4.0) b (F4.0) c (F4.0) d (A4) e (A12).
BEGIN DATA
-5 4 1 'a' 'NA'
0 5 2 'b' 'keep'
1 99 3 'c' 'No aplica'
2 100 4 'd' 'NA  x'
END DATA.
MISSING VALUES a (LO THRU 0) /b (5 THRU HI) /c (1, 2, 3) /d ('a', 'b', 'c') /e ('NA').
VALUE LABELS e 'No aplica' 'Does not apply' /d 'd' 'Dee'.
DOCUMENT Written by pspp_ranges.sps for the pssa .sav reader tests.
SAVE OUTFILE='ranges.sav' /UNCOMPRESSED.
