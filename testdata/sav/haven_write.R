# Writes haven_byte.sav (bytecode-compressed), haven_none.sav and
# haven_zsav.zsav with R's haven: Rscript haven_write.R (run in this directory).
# The same study as pspp_write.sps, as far as haven can express it.
library(haven)
long <- paste0(strrep("0123456789abcdefghij", 14), "0123456789ABCDEFGHIJ")
df <- data.frame(record_id = 1:6)
df$record_id <- as.numeric(df$record_id)
df$grupo <- labelled_spss(c(1, 2, 1, 2, NA, 1),
  labels = c(Control = 1, "Intervención" = 2), label = "Grupo de estudio")
df$SSQ_1_pre <- labelled_spss(c(3, 999, NA, 2, 1, 7),
  na_values = 999, label = "SSQ item 1 (pre)")
df$SSQ_1_post <- labelled_spss(c(5, 4, 7, 6, 2, 999), na_values = 999)
df$RAS_R_12_T1 <- labelled_spss(c(1.5, 95, -9, 3.2, 99, 4),
  labels = c("Strongly disagree" = 1, "Strongly agree" = 5),
  na_values = -9, na_range = c(90, 99), label = "RAS-R item 12, T1")
df$comentario <- labelled_spss(
  c("Intervención", "NA", "", "ñandú", "x", "with,comma \"q\""),
  labels = c(Equis = "x"), na_values = "NA", label = "Comentario libre")
df$peso <- c(0.1, NA, 12345678.25, -2.5, 1e10, 1e-5)
df$nota_larga <- c(long, "corta", "", "", "", "")
write_sav(df, "haven_byte.sav", compress = "byte")
write_sav(df, "haven_none.sav", compress = "none")
write_sav(df, "haven_zsav.zsav", compress = "zsav")
