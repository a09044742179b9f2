package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Field is one tagged field of a row type.
type Field struct {
	Name      string // the JSON key
	Index     []int  // path to the field (through embedded structs)
	OmitEmpty bool
	Key       bool   // part of the row's identity
	Tidy      bool   // a column of the tidy csv/tsv
	quoted    []byte // Name as a JSON string
}

var fieldCache sync.Map // reflect.Type → []Field

// Fields lists the tagged fields of a struct type (or pointer to one) in
// declaration order; the fields of an embedded struct without a json tag
// stand in its place, as encoding/json does. Untagged fields and
// `json:"-"` are not listed.
func Fields(t reflect.Type) []Field {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if f, ok := fieldCache.Load(t); ok {
		return f.([]Field)
	}
	var out []Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("json")
		if !ok && sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			for _, f := range Fields(sf.Type) {
				f.Index = append([]int{i}, f.Index...)
				out = append(out, f)
			}
			continue
		}
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		quoted, _ := json.Marshal(name)
		out = append(out, Field{Name: name, Index: []int{i}, OmitEmpty: opts == "omitempty",
			Key: sf.Tag.Get("key") == "true", Tidy: sf.Tag.Get("tidy") != "-", quoted: quoted})
	}
	fieldCache.Store(t, out)
	return out
}

// RowType is the element type of a section's slice of rows.
func RowType(rows any) reflect.Type {
	return reflect.TypeOf(rows).Elem()
}

// KeyNames lists the identity keys of a row type.
func KeyNames(t reflect.Type) []string {
	var out []string
	for _, f := range Fields(t) {
		if f.Key {
			out = append(out, f.Name)
		}
	}
	return out
}

// Value returns field f of row (a struct or pointer to one) as a plain Go
// value: float64, int, string, bool, []string, or nil for an empty
// optional field.
func Value(row any, f Field) any {
	v := reflect.ValueOf(row)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	fv := v.FieldByIndex(f.Index)
	if fv.Kind() == reflect.Pointer {
		if fv.IsNil() {
			return nil
		}
		fv = fv.Elem()
	}
	return fv.Interface()
}

// Rows returns the rows of a section as a slice of any.
func Rows(rows any) []any {
	v := reflect.ValueOf(rows)
	out := make([]any, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface()
	}
	return out
}

// MarshalJSON writes v — a row, a slice of rows, a struct such as Input,
// or a plain value — as JSON with the keys of its tags, in their order.
// Floats are written at full precision (shortest representation that reads
// back exactly) and NaN or infinities as null.
func MarshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := encode(&b, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MarshalIndent is MarshalJSON indented by two spaces, with a final newline.
func MarshalIndent(v any) ([]byte, error) {
	if o, ok := v.(*Object); ok && len(o.keys) > 1 {
		return o.marshalIndentParallel()
	}
	// A document is written whole: room for analyze's on a study (175 KB
	// compact) from the start, instead of a buffer doubling up to it. The
	// pages not written are never touched (bytes.Buffer.Grow would clear
	// them all).
	b := bytes.NewBuffer(make([]byte, 0, 1<<20))
	if err := encode(b, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	raw := b.Bytes()
	out := indent(make([]byte, 0, len(raw)+len(raw)/2), raw)
	return append(out, '\n'), nil
}

// indent is json.Indent(dst, src, "", "  ") for the compact JSON this
// package writes (no whitespace outside strings), in one loop over the
// bytes instead of encoding/json's state machine: a newline and two spaces
// a level after an opening bracket and after each comma, ": " after a key,
// and empty objects and arrays kept as {} and [].
func indent(dst, src []byte) []byte { return indentAt(dst, src, 0) }

// indentAt is indent for a value that sits depth levels deep.
func indentAt(dst, src []byte, depth int) []byte {
	open := false // just after { or [: the newline waits for the next byte
	newline := func() {
		dst = append(dst, '\n')
		for i := 0; i < depth; i++ {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			newline()
		}
		switch c {
		case '"':
			open = false
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:min(j+1, len(src))]...)
			i = j
			continue
		case '{', '[':
			dst = append(dst, c)
			depth++
			open = true
			continue
		case '}', ']':
			depth--
			if !open {
				newline()
			}
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
		open = false
	}
	return dst
}

// Float formats a number as the JSON writer does ("null" for NaN).
func Float(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "null"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// appendFloat appends Float(x) to dst.
func appendFloat(dst []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(dst, "null"...)
	}
	return strconv.AppendFloat(dst, x, 'g', -1, 64)
}

var (
	float64Type = reflect.TypeFor[float64]()
	intType     = reflect.TypeFor[int]()
	stringType  = reflect.TypeFor[string]()
)

var (
	marshalerType = reflect.TypeFor[json.Marshaler]()
	marshalers    sync.Map // reflect.Type → bool: implements json.Marshaler
)

// isMarshaler reports whether values of t implement json.Marshaler (asked
// of the type once, not by boxing every value).
func isMarshaler(t reflect.Type) bool {
	if m, ok := marshalers.Load(t); ok {
		return m.(bool)
	}
	m := t.Kind() != reflect.Interface && t.Implements(marshalerType)
	marshalers.Store(t, m)
	return m
}

func encode(b *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		b.WriteString("null")
		return nil
	}
	// Go's own float64, int and string have no methods: no need to ask.
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		if t := v.Type(); t == float64Type || !isMarshaler(t) {
			b.Write(appendFloat(b.AvailableBuffer(), v.Float()))
			return nil
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if t := v.Type(); t == intType || !isMarshaler(t) {
			b.Write(strconv.AppendInt(b.AvailableBuffer(), v.Int(), 10))
			return nil
		}
	case reflect.String:
		if t := v.Type(); (t == stringType || !isMarshaler(t)) && writePlainString(b, v.String()) {
			return nil
		}
	}
	if v.Type() == objectType {
		if v.IsNil() {
			b.WriteString("null") // (*Object).MarshalJSON would dereference nil
			return nil
		}
		return v.Interface().(*Object).encodeTo(b)
	}
	if isMarshaler(v.Type()) && v.Kind() != reflect.Struct {
		m := v.Interface().(json.Marshaler)
		raw, err := m.MarshalJSON()
		if err != nil {
			return err
		}
		b.Write(raw)
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encode(b, v.Elem())
	case reflect.Float64, reflect.Float32:
		b.WriteString(Float(v.Float()))
		return nil
	case reflect.Slice:
		return encodeSlice(b, v)
	case reflect.Struct:
		return encodeStruct(b, v)
	case reflect.Map:
		return encodeMap(b, v)
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		raw, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		b.Write(raw)
		return nil
	}
	return fmt.Errorf("results: cannot write a %s as JSON", v.Type())
}

// writePlainString writes s quoted when it needs no escaping as
// encoding/json escapes (printable ASCII other than the quote, backslash and
// the HTML characters <, >, &); false, writing nothing, otherwise.
func writePlainString(b *bytes.Buffer, s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
	return true
}

// encodeSlice writes an array; a nil slice too is [] (sections and lists
// are arrays even when empty).
func encodeSlice(b *bytes.Buffer, v reflect.Value) error {
	b.WriteByte('[')
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encode(b, v.Index(i)); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

// encodeStruct writes a row's tagged fields in order.
func encodeStruct(b *bytes.Buffer, v reflect.Value) error {
	if isMarshaler(v.Type()) {
		m := v.Interface().(json.Marshaler)
		raw, err := m.MarshalJSON()
		if err != nil {
			return err
		}
		b.Write(raw)
		return nil
	}
	b.WriteByte('{')
	first := true
	for _, f := range Fields(v.Type()) {
		fv := v.FieldByIndex(f.Index)
		if f.OmitEmpty && isEmpty(fv) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.Write(f.quoted)
		b.WriteByte(':')
		if err := encode(b, fv); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// encodeMap writes an object with its keys sorted, as encoding/json does.
func encodeMap(b *bytes.Buffer, v reflect.Value) error {
	keys := v.MapKeys()
	sort.Slice(keys, func(a, c int) bool { return keys[a].String() < keys[c].String() })
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k.String())
		b.Write(kb)
		b.WriteByte(':')
		if err := encode(b, v.MapIndex(k)); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// Object is a JSON object whose keys keep their insertion order, for the
// documents that assemble sections (analyze's, describe's).
type Object struct {
	keys []string
	vals map[string]any
}

// NewObject returns an empty ordered object.
func NewObject() *Object { return &Object{vals: map[string]any{}} }

// Set adds or replaces a key.
func (o *Object) Set(k string, v any) *Object {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
	return o
}

// Get returns the value of a key.
func (o *Object) Get(k string) any { return o.vals[k] }

// MarshalJSON implements json.Marshaler with this package's conventions.
func (o *Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := o.encodeTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encodeTo writes o into b: an Object inside a value being encoded is
// written in place, not built in a buffer of its own and copied.
func (o *Object) encodeTo(b *bytes.Buffer) error {
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		if err := encode(b, reflect.ValueOf(o.vals[k])); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

var objectType = reflect.TypeFor[*Object]()

// marshalIndentParallel is MarshalIndent for an object of several keys,
// such as analyze's document: each key's value is encoded and indented on
// its own goroutine, and the parts are joined as indent joins them. On a
// study the document (175 KB) took a millisecond on one core.
// TestMarshalIndentParallel holds it to the one-pass path.
func (o *Object) marshalIndentParallel() ([]byte, error) {
	parts := make([][]byte, len(o.keys))
	errs := make([]error, len(o.keys))
	var wg sync.WaitGroup
	for i, k := range o.keys {
		wg.Go(func() {
			var b bytes.Buffer
			if errs[i] = encode(&b, reflect.ValueOf(o.vals[k])); errs[i] == nil {
				parts[i] = indentAt(make([]byte, 0, b.Len()+b.Len()/2), b.Bytes(), 1)
			}
		})
	}
	wg.Wait()
	n := 4
	for i, k := range o.keys {
		if errs[i] != nil {
			return nil, errs[i]
		}
		n += len(k) + len(parts[i]) + 8
	}
	out := make([]byte, 0, n)
	out = append(out, '{')
	for i, k := range o.keys {
		if i > 0 {
			out = append(out, ',')
		}
		kb, _ := json.Marshal(k)
		out = append(out, "\n  "...)
		out = append(out, kb...)
		out = append(out, ": "...)
		out = append(out, parts[i]...)
	}
	return append(out, "\n}\n"...), nil
}

// Document is the JSON object of analyze (every section) or, with keys,
// of only the named sections (describe: "descriptives").
func (a *Analysis) Document(keys ...string) *Object {
	o := NewObject().Set("input", a.Input)
	if len(keys) == 0 {
		o.Set("options", a.Options)
	}
	for _, s := range a.Sections() {
		if len(keys) == 0 || contains(keys, s.Key) {
			o.Set(s.Key, s.Rows)
		}
	}
	if len(keys) == 0 {
		o.Set("warnings", nonNil(a.Warnings))
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// isEmpty is omitempty's test: a nil pointer or slice, an empty string.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	}
	return false
}
