package dataset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pssa-project/pssa/internal/sav"
)

// VariableInfo is what an SPSS file says of one variable, for validate's
// summary.
type VariableInfo struct {
	Name          string `json:"name"`
	Label         string `json:"label"`
	UserMissing   int    `json:"user_missing"`
	SystemMissing int    `json:"system_missing"`
}

// SourceInfo describes an input that is not a CSV (an SPSS file, a
// workbook).
type SourceInfo struct {
	Format    string // "SPSS system file", "Excel workbook"
	Product   string // the program that wrote it
	Encoding  string
	Variables []VariableInfo
	// Sheet is the workbook sheet read, of Sheets.
	Sheet  string
	Sheets []string
}

// LoadSAV reads an SPSS system file (.sav, .zsav) with internal/sav and
// loads its cases as Load reads a CSV: user-missing and system-missing
// values are missing; a labelled numeric group variable takes its value
// labels as the group names; problems are located as "case 12, variable
// SWLS1_pre".
func LoadSAV(r io.Reader, name string, opt Options) (*Dataset, error) {
	f, err := sav.Read(bufio.NewReaderSize(r, 1<<20))
	if err != nil {
		msg := err.Error()
		var se *sav.Error
		if !errors.As(err, &se) {
			msg = "cannot read: " + msg
		}
		return nil, &FatalError{Problem{File: name, Message: strings.TrimPrefix(msg, "sav: ")}}
	}
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 1<<16)
		err := f.WriteCSV(bw, sav.CSVOptions{Labels: func(v string) bool {
			return opt.Mapping.isGroup(strings.ToUpper(strings.TrimSpace(v)))
		}})
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
	}()
	sopt := opt
	sopt.Delimiter, sopt.Encoding, sopt.SizeHint = ',', "", 0
	d, err := Load(pr, name, sopt)
	pr.CloseWithError(io.ErrClosedPipe)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, v := range f.Variables {
		col[strings.ToUpper(v.Name)] = i
	}
	d.setLocate(func(p *Problem) {
		if p.Line <= 0 {
			return
		}
		ci, ok := col[strings.ToUpper(p.Column)]
		switch {
		case ok:
			p.Where, p.Column = f.Location(p.Line, ci), ""
		case p.Line == 1:
			p.Where = "the variable names"
		default:
			p.Where = fmt.Sprintf("case %d", p.Line-1)
		}
	})
	info := &SourceInfo{Format: "SPSS system file", Product: f.Product, Encoding: f.Encoding}
	counts := f.MissingCounts()
	for i, v := range f.Variables {
		vi := VariableInfo{Name: v.Name, Label: v.Label}
		if i < len(counts) {
			vi.UserMissing, vi.SystemMissing = counts[i].User, counts[i].System
		}
		info.Variables = append(info.Variables, vi)
	}
	d.Source = info
	return d, nil
}
