package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/scoring"
)

// inputOptions are the flags that say how to read a data file: its columns
// (--id, --group, --times-map, --names, or all of them in --map), its
// layout, its encoding and, for a workbook, its sheet.
type inputOptions struct {
	id, group, timesMap string
	names               []string
	mapFile             string
	layout              string
	sheet               string
	sheetFlag           string // the sheet given as a flag, not by --map
	encoding            string
}

func (o *inputOptions) addFlags(root *cobra.Command, pf *pflag.FlagSet) {
	pf.StringVar(&o.id, "id", "", "the participant id column (default: the column named id)")
	pf.StringVar(&o.group, "group", "", "the group column (default: the column named group)")
	pf.StringVar(&o.timesMap, "times-map", "", "your time labels in time order, as LABEL=T<n> (e.g. pre=T1,post=T2,fup=T3); reports show your labels")
	pf.StringArrayVar(&o.names, "names", nil, "a naming template for instrument columns besides pssa's own, e.g. '{instrument}{item}_{time}' for SSQ1_pre (repeatable)")
	pf.StringVar(&o.mapFile, "map", "", "a YAML file holding id, group, times, names, layout, sheet, encoding and missing, so a lab writes them once (flags win)")
	enumFlag(root, pf, &o.layout, "layout", "", "", []string{"wide", "long"}, nil, "wide (a row per participant) or long (a row per participant and time point); default: detected from the header")
	pf.StringVar(&o.sheet, "sheet", "", "the sheet of an .xlsx workbook, by name or number (default: the first)")
	pf.StringVar(&o.encoding, "encoding", "", "the text file's encoding, e.g. windows-1252, latin1, utf-16 (default: UTF-8, or detected)")
}

// check validates the flags that can be checked before reading anything.
func (o *inputOptions) check() error {
	switch o.layout {
	case "", "wide", "long":
	default: // from --map
		return usagef("layout %q is not wide or long", o.layout)
	}
	if o.encoding != "" {
		if _, _, err := dataset.LookupEncoding(o.encoding); err != nil {
			return &usageError{err}
		}
	}
	return nil
}

// mapFile is the schema of --map.
type mapFile struct {
	ID       string    `yaml:"id"`
	Group    string    `yaml:"group"`
	Times    yaml.Node `yaml:"times"`
	Names    yaml.Node `yaml:"names"`
	Layout   string    `yaml:"layout"`
	Sheet    string    `yaml:"sheet"`
	Encoding string    `yaml:"encoding"`
	Missing  yaml.Node `yaml:"missing"`
}

// settings merges --map with the flags (a flag wins over the file) and
// returns the mapping and the extra missing codes the file adds.
func (o *inputOptions) settings() (*dataset.Mapping, []string, error) {
	var f mapFile
	var extraMissing []string
	if o.mapFile != "" {
		data, err := os.ReadFile(o.mapFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--map %s: %v", o.mapFile, pathErr(err))
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, nil, fmt.Errorf("--map %s: %s (keys: id, group, times, names, layout, sheet, encoding, missing)", o.mapFile, mapYAMLError(err))
		}
		times, err := nodeTimes(&f.Times)
		if err != nil {
			return nil, nil, fmt.Errorf("--map %s: times: %v", o.mapFile, err)
		}
		if o.timesMap == "" {
			o.timesMap = times
		}
		names, err := nodeStrings(&f.Names)
		if err != nil {
			return nil, nil, fmt.Errorf("--map %s: names: %v", o.mapFile, err)
		}
		if len(o.names) == 0 {
			o.names = names
		}
		if extraMissing, err = nodeStrings(&f.Missing); err != nil {
			return nil, nil, fmt.Errorf("--map %s: missing: %v", o.mapFile, err)
		}
		// A sheet named in the map file is for the lab's workbooks; only
		// the flag itself is an error on another format.
		for _, p := range []struct{ flag, file *string }{{&o.id, &f.ID}, {&o.group, &f.Group}, {&o.layout, &f.Layout}, {&o.sheet, &f.Sheet}, {&o.encoding, &f.Encoding}} {
			if *p.flag == "" {
				*p.flag = strings.TrimSpace(*p.file)
			}
		}
		if err := o.check(); err != nil {
			return nil, nil, fmt.Errorf("--map %s: %v", o.mapFile, err)
		}
	}
	m := &dataset.Mapping{ID: strings.TrimSpace(o.id), Group: strings.TrimSpace(o.group)}
	if o.timesMap != "" {
		ts, err := dataset.ParseTimesMap(o.timesMap)
		if err != nil {
			return nil, nil, &usageError{err}
		}
		m.Times = ts
	}
	for _, n := range o.names {
		t, err := dataset.ParseTemplate(n)
		if err != nil {
			return nil, nil, &usageError{err}
		}
		m.Names = append(m.Names, t)
	}
	return m, extraMissing, nil
}

// mapYAMLError is YAML's message about a --map file without Go's types or
// YAML's tags, on one line.
func mapYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		l = mapUnknownKey().ReplaceAllString(l, "unknown key $1")
		l = mapWrongType().ReplaceAllString(l, "expected a single value, found $1")
		lines[i] = strings.NewReplacer("!!seq", "a list", "!!map", "a mapping").Replace(l)
	}
	return strings.Join(lines, "; ")
}

var (
	mapUnknownKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`field (\S+) not found in type \S+`) })
	mapWrongType  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("cannot unmarshal (!!\\w+)(?: `[^`]*`)? into \\S+") })
)

// nodeTimes reads times as a mapping (pre: T1), a list (pre=T1 or pre) or
// a string, into --times-map's form.
func nodeTimes(n *yaml.Node) (string, error) {
	switch n.Kind {
	case 0:
		return "", nil
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, n.Content[i].Value+"="+n.Content[i+1].Value)
		}
		return strings.Join(parts, ","), nil
	}
	list, err := nodeStrings(n)
	return strings.Join(list, ","), err
}

// nodeStrings reads a scalar or a list of scalars.
func nodeStrings(n *yaml.Node) ([]string, error) {
	switch n.Kind {
	case 0:
		return nil, nil
	case yaml.ScalarNode:
		return []string{n.Value}, nil
	case yaml.SequenceNode:
		var out []string
		for _, e := range n.Content {
			if e.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: expected a list of values", e.Line)
			}
			out = append(out, e.Value)
		}
		return out, nil
	}
	return nil, fmt.Errorf("line %d: expected a value or a list of values", n.Line)
}

// fileFormat is the input's format from its extension.
func fileFormat(file string) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".sav", ".zsav":
		return "sav"
	case ".parquet", ".parq":
		return "parquet"
	case ".xls":
		return "xls"
	case ".ods":
		return "ods"
	}
	return "csv"
}

// read loads a data file in the format its extension names, with the
// mapping, layout, encoding and sheet of the flags and --map. A CSV is
// read block by block into emit when emit is not nil (dataset.LoadBlocks).
func (o *inputOptions) read(in io.Reader, file, name string, opt dataset.Options, emit func(*dataset.Dataset) error) (*dataset.Dataset, *dataset.Mapping, error) {
	o.sheetFlag = o.sheet // before --map fills it
	m, extraMissing, err := o.settings()
	if err != nil {
		return nil, nil, err
	}
	opt.Mapping = m
	opt.Missing = append(opt.Missing, extraMissing...)
	opt.Encoding = o.encoding
	opt.Layout = strings.ToLower(o.layout)
	var ds *dataset.Dataset
	format := fileFormat(file)
	if o.sheetFlag != "" && format != "xlsx" {
		return nil, nil, usagef("--sheet %s applies to .xlsx workbooks; %s is read as %s", o.sheetFlag, name, format)
	}
	switch format {
	case "xlsx":
		ds, err = dataset.LoadXLSX(in, name, o.sheet, opt)
	case "sav":
		ds, err = dataset.LoadSAV(in, name, opt)
	case "parquet":
		ds, err = dataset.LoadParquet(in, name, opt)
	case "xls":
		return nil, nil, fmt.Errorf("%s: pssa reads Excel workbooks as .xlsx, not the old .xls format; save it as .xlsx (Excel Workbook) or CSV UTF-8", name)
	case "ods":
		return nil, nil, fmt.Errorf("%s: pssa does not read OpenDocument spreadsheets; save it as .xlsx or CSV UTF-8", name)
	case "csv":
		if emit != nil {
			ds, err = dataset.LoadBlocks(in, name, opt, emit)
		} else {
			ds, err = dataset.Load(in, name, opt)
		}
	}
	return ds, m, err
}

// namesHint is what a file with no instrument columns is told: which
// naming rule pssa expected and the template that would read its header.
func namesHint(l *loaded) string {
	if l.data == nil || len(l.data.Header) == 0 {
		return ""
	}
	if h := dataset.SuggestNames(l.data.Header, scoring.Schema{Registry: l.reg}, l.mapping); h != "" {
		return "; " + h
	}
	return ""
}
