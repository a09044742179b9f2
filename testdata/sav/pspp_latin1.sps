* Writes study_latin1.sav with GNU PSPP in the windows-1252 encoding:
* pspp pspp_latin1.sps  (run in this directory).
SET LOCALE='windows-1252'.
DATA LIST LIST /id (F2.0) grupo (F1.0) nombre (A12).
BEGIN DATA
1 1 "Intervención"
2 2 "Señal año"
END DATA.
VARIABLE LABELS nombre 'Descripción'.
VALUE LABELS grupo 1 'Intervención' 2 'Atención habitual'.
SAVE OUTFILE='study_latin1.sav'.
