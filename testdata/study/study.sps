* Written by make_study.R: reads pspp_input.csv, writes pspp.sav.
SET LOCALE='UTF-8'.
GET DATA /TYPE=TXT /FILE='pspp_input.csv' /ENCODING='UTF-8' /ARRANGEMENT=DELIMITED
  /DELIMITERS=',' /QUALIFIER='"' /FIRSTCASE=2
  /VARIABLES=
  record_id A4
  grupo F1.0
  edad F2.0
  SWLS1_pre F2.0
  SWLS2_pre F2.0
  SWLS3_pre F2.0
  SWLS4_pre F2.0
  SWLS5_pre F2.0
  RAS_R1_pre F2.0
  RAS_R2_pre F2.0
  RAS_R3_pre F2.0
  RAS_R4_pre F2.0
  RAS_R5_pre F2.0
  RAS_R6_pre F2.0
  RAS_R7_pre F2.0
  RAS_R8_pre F2.0
  RAS_R9_pre F2.0
  RAS_R10_pre F2.0
  RAS_R11_pre F2.0
  RAS_R12_pre F2.0
  RAS_R13_pre F2.0
  RAS_R14_pre F2.0
  RAS_R15_pre F2.0
  RAS_R16_pre F2.0
  RAS_R17_pre F2.0
  RAS_R18_pre F2.0
  RAS_R19_pre F2.0
  RAS_R20_pre F2.0
  RAS_R21_pre F2.0
  RAS_R22_pre F2.0
  RAS_R23_pre F2.0
  RAS_R24_pre F2.0
  SWLS1_post F2.0
  SWLS2_post F2.0
  SWLS3_post F2.0
  SWLS4_post F2.0
  SWLS5_post F2.0
  RAS_R1_post F2.0
  RAS_R2_post F2.0
  RAS_R3_post F2.0
  RAS_R4_post F2.0
  RAS_R5_post F2.0
  RAS_R6_post F2.0
  RAS_R7_post F2.0
  RAS_R8_post F2.0
  RAS_R9_post F2.0
  RAS_R10_post F2.0
  RAS_R11_post F2.0
  RAS_R12_post F2.0
  RAS_R13_post F2.0
  RAS_R14_post F2.0
  RAS_R15_post F2.0
  RAS_R16_post F2.0
  RAS_R17_post F2.0
  RAS_R18_post F2.0
  RAS_R19_post F2.0
  RAS_R20_post F2.0
  RAS_R21_post F2.0
  RAS_R22_post F2.0
  RAS_R23_post F2.0
  RAS_R24_post F2.0.
VARIABLE LABELS grupo 'Grupo de estudio'.
VALUE LABELS grupo 1 'Intervención' 2 'Control'.
VALUE LABELS
  SWLS1_pre SWLS2_pre SWLS3_pre SWLS4_pre SWLS5_pre SWLS1_post SWLS2_post SWLS3_post SWLS4_post SWLS5_post
    1 'Strongly disagree'
    2 'Disagree'
    3 'Slightly disagree'
    4 'Neither'
    5 'Slightly agree'
    6 'Agree'
    7 'Strongly agree'
    99 'No answer'
 /
  RAS_R1_pre RAS_R2_pre RAS_R3_pre RAS_R4_pre RAS_R5_pre RAS_R6_pre RAS_R7_pre RAS_R8_pre RAS_R9_pre RAS_R10_pre RAS_R11_pre RAS_R12_pre RAS_R13_pre RAS_R14_pre RAS_R15_pre RAS_R16_pre RAS_R17_pre RAS_R18_pre RAS_R19_pre RAS_R20_pre RAS_R21_pre RAS_R22_pre RAS_R23_pre RAS_R24_pre RAS_R1_post RAS_R2_post RAS_R3_post RAS_R4_post RAS_R5_post RAS_R6_post RAS_R7_post RAS_R8_post RAS_R9_post RAS_R10_post RAS_R11_post RAS_R12_post RAS_R13_post RAS_R14_post RAS_R15_post RAS_R16_post RAS_R17_post RAS_R18_post RAS_R19_post RAS_R20_post RAS_R21_post RAS_R22_post RAS_R23_post RAS_R24_post
    1 'Strongly disagree'
    2 'Disagree'
    3 'Not sure'
    4 'Agree'
    5 'Strongly agree'
    99 'No answer'.
MISSING VALUES SWLS1_pre SWLS2_pre SWLS3_pre SWLS4_pre SWLS5_pre RAS_R1_pre RAS_R2_pre RAS_R3_pre RAS_R4_pre RAS_R5_pre RAS_R6_pre RAS_R7_pre RAS_R8_pre RAS_R9_pre RAS_R10_pre RAS_R11_pre RAS_R12_pre RAS_R13_pre RAS_R14_pre RAS_R15_pre RAS_R16_pre RAS_R17_pre RAS_R18_pre RAS_R19_pre RAS_R20_pre RAS_R21_pre RAS_R22_pre RAS_R23_pre RAS_R24_pre SWLS1_post SWLS2_post SWLS3_post SWLS4_post SWLS5_post RAS_R1_post RAS_R2_post RAS_R3_post RAS_R4_post RAS_R5_post RAS_R6_post RAS_R7_post RAS_R8_post RAS_R9_post RAS_R10_post RAS_R11_post RAS_R12_post RAS_R13_post RAS_R14_post RAS_R15_post RAS_R16_post RAS_R17_post RAS_R18_post RAS_R19_post RAS_R20_post RAS_R21_post RAS_R22_post RAS_R23_post RAS_R24_post (99).
SAVE OUTFILE='pspp.sav'.
