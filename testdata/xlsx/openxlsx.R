# Makes openxlsx-types.xlsx, a workbook as R's openxlsx writes it, for
# internal/dataset's reader tests (TestXLSXVariantsAgree): every kind of
# cell openxlsx writes (text, integer, double, NA, logical, Date, POSIXct,
# a factor, a formula without a cached value), two sheets.
# Run: Rscript testdata/xlsx/openxlsx.R (from the repository root).
library(openxlsx)
d <- data.frame(
  id = c("a", "b", "c", "d"),
  group = factor(c("Control", "Intervención", "Control", NA)),
  note = c("plain", "a, \"quoted\"\nnote", " spaced ", "<b>&amp;</b>"),
  SWLS_1_T1 = c(3L, NA, 7L, 9L),
  SWLS_2_T1 = c(2.5, 4, 1e-3, 6),
  when = as.Date(c("2024-01-02", NA, "1900-01-03", "2023-07-15")),
  flag = c(TRUE, FALSE, NA, TRUE),
  stamp = as.POSIXct(c("2024-01-02 10:30:00", "2024-01-03 00:00:00", NA, "2024-02-29 23:59:59"), tz = "UTC"),
  stringsAsFactors = FALSE
)
wb <- createWorkbook()
addWorksheet(wb, "Info")
writeData(wb, "Info", data.frame(x = "read me"), colNames = FALSE)
addWorksheet(wb, "Data")
writeData(wb, "Data", d)
writeFormula(wb, "Data", x = "E2+1", startCol = 10, startRow = 2)
writeData(wb, "Data", data.frame(total = "total"), startCol = 10, startRow = 1, colNames = FALSE)
dates <- createStyle(numFmt = "yyyy-mm-dd")
addStyle(wb, "Data", dates, rows = 5, cols = 4)
saveWorkbook(wb, "testdata/xlsx/openxlsx-types.xlsx", overwrite = TRUE)
