package dataset

import "bytes"

// ExcelizeOnly makes LoadXLSX use excelize alone, for comparing readers.
func ExcelizeOnly(o *Options) { o.excelizeOnly = true }

// FastReads says whether the fast reader reads a workbook's sheet itself.
func FastReads(data []byte, sheet string) bool {
	b, err := openFastBook(data)
	if err != nil || len(b.sheets) == 0 {
		return false
	}
	sh, err := pickSheet(b.sheets, sheet)
	if err != nil {
		return false
	}
	_, err = b.writeSheetFast(sh, &bytes.Buffer{})
	return err == nil
}
