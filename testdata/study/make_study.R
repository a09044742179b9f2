# One study written five ways, for pssa's layout test (cmd/study_test.go):
# wide CSV, long CSV, .xlsx (openxlsx), .sav (haven) and, through
# study.sps, .sav by GNU PSPP. Variable names follow an SPSS lab's
# convention that needs a naming template (SWLS1_pre, RAS_R12_post); items
# carry value labels and the user-missing code 99; the group is a labelled
# numeric variable in the .sav files. Run from this directory:
#   Rscript make_study.R && pspp study.sps
# (R 4.2.2, haven 2.5.1, openxlsx 4.2.5.2; GNU PSPP 1.6.2).
suppressMessages({library(haven); library(openxlsx)})
set.seed(20240612)
n <- 36
grupo <- rep(c(1L, 2L), length.out = n)   # 1 = Intervención first
groups <- c("Intervención", "Control")
record_id <- sprintf("P%03d", seq_len(n))
edad <- sample(19:64, n, replace = TRUE)
times <- c("pre", "post")
items <- list(SWLS = list(k = 5, lo = 1, hi = 7), RAS_R = list(k = 24, lo = 1, hi = 5))

# Each participant has a level on each instrument; an item is that level
# plus noise, rounded into the response range; the intervention group
# improves by about one point between pre and post.
level <- lapply(items, function(it) rnorm(n, (it$lo + it$hi) / 2 - 0.5, 0.8))
draw <- function(inst, shift) {
  it <- items[[inst]]
  x <- round(level[[inst]] + shift + rnorm(n, 0, 0.7))
  pmin(pmax(x, it$lo), it$hi)
}
cols <- list()
for (t in times) {
  for (inst in names(items)) {
    it <- items[[inst]]
    for (i in seq_len(it$k)) {
      shift <- if (t == "post") ifelse(grupo == 1, 1, 0.1) else 0
      x <- draw(inst, shift)
      x[runif(n) < 0.03] <- 99      # the user-missing code
      x[runif(n) < 0.02] <- NA      # system-missing
      cols[[sprintf("%s%d_%s", inst, i, t)]] <- x
    }
  }
}
item_names <- names(cols)
wide <- data.frame(record_id = record_id, grupo = groups[grupo], edad = edad, cols, check.names = FALSE)

# 1. Wide CSV (UTF-8; missing as empty cells).
write.csv(wide, "wide.csv", row.names = FALSE, na = "", fileEncoding = "UTF-8")

# 2. Long CSV: a row per participant, time point and item.
long <- do.call(rbind, lapply(seq_len(n), function(r) {
  do.call(rbind, lapply(times, function(t) {
    its <- item_names[endsWith(item_names, paste0("_", t))]
    data.frame(record_id = record_id[r], grupo = groups[grupo[r]], edad = edad[r], time = t,
               item = sub(paste0("_", t, "$"), "", its), value = unlist(wide[r, its]))
  }))
}))
write.csv(long, "long.csv", row.names = FALSE, na = "", fileEncoding = "UTF-8")

# 3. Excel workbook, data on the first sheet.
wb <- createWorkbook()
addWorksheet(wb, "Datos")
addWorksheet(wb, "Notas")
writeData(wb, "Datos", wide, keepNA = FALSE)
writeData(wb, "Notas", data.frame(nota = "Datos del estudio modelo"))
saveWorkbook(wb, "study.xlsx", overwrite = TRUE)

# 4. SPSS .sav by haven: labelled numeric group, labelled items with 99
#    declared user-missing.
lab7 <- c("Strongly disagree" = 1, "Disagree" = 2, "Slightly disagree" = 3, "Neither" = 4,
          "Slightly agree" = 5, "Agree" = 6, "Strongly agree" = 7, "No answer" = 99)
lab5 <- c("Strongly disagree" = 1, "Disagree" = 2, "Not sure" = 3, "Agree" = 4,
          "Strongly agree" = 5, "No answer" = 99)
sav <- data.frame(record_id = record_id, edad = edad)
sav$grupo <- labelled(grupo, c("Intervención" = 1, "Control" = 2), label = "Grupo de estudio")
sav <- sav[, c("record_id", "grupo", "edad")]
for (nm in item_names) {
  labs <- if (startsWith(nm, "SWLS")) lab7 else lab5
  sav[[nm]] <- labelled_spss(wide[[nm]], labs, na_values = 99, label = paste("Item", nm))
}
write_sav(sav, "haven.sav")

# 5. Input for PSPP (study.sps): the group as its numeric code.
pspp <- wide
pspp$grupo <- grupo
write.csv(pspp, "pspp_input.csv", row.names = FALSE, na = "", fileEncoding = "UTF-8")
vars <- paste(c("record_id A4", "grupo F1.0", "edad F2.0", paste(item_names, "F2.0")), collapse = "\n  ")
swls <- item_names[startsWith(item_names, "SWLS")]
ras <- item_names[startsWith(item_names, "RAS_R")]
vl <- function(v, labs) paste0("  ", paste(v, collapse = " "), "\n    ",
                               paste(sprintf("%d '%s'", as.integer(labs), names(labs)), collapse = "\n    "))
sps <- c(
  "* Written by make_study.R: reads pspp_input.csv, writes pspp.sav.",
  "SET LOCALE='UTF-8'.",
  "GET DATA /TYPE=TXT /FILE='pspp_input.csv' /ENCODING='UTF-8' /ARRANGEMENT=DELIMITED",
  "  /DELIMITERS=',' /QUALIFIER='\"' /FIRSTCASE=2",
  paste0("  /VARIABLES=\n  ", vars, "."),
  "VARIABLE LABELS grupo 'Grupo de estudio'.",
  "VALUE LABELS grupo 1 'Intervención' 2 'Control'.",
  paste0("VALUE LABELS\n", vl(swls, lab7), "\n /\n", vl(ras, lab5), "."),
  paste0("MISSING VALUES ", paste(item_names, collapse = " "), " (99)."),
  "SAVE OUTFILE='pspp.sav'.")
writeLines(sps, "study.sps", useBytes = TRUE)
