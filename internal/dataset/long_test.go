package dataset_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
)

// values renders a dataset's table: id, group, then each column's values.
func values(ds *dataset.Dataset) string {
	var b strings.Builder
	for i := 0; i < ds.Rows(); i++ {
		fmt.Fprintf(&b, "%s %s:", ds.ID(i), ds.Group(i))
		for _, c := range ds.Columns {
			if c.Kind == dataset.KindExtra {
				fmt.Fprintf(&b, " %s=%s", c.Name, c.Text.At(i))
				continue
			}
			v := c.Value(i)
			if math.IsNaN(v) {
				fmt.Fprintf(&b, " %s_%s@%s=NA", c.Instrument, itemOrScale(c), c.Time)
			} else {
				fmt.Fprintf(&b, " %s_%s@%s=%g", c.Instrument, itemOrScale(c), c.Time, v)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func itemOrScale(c *dataset.Column) string {
	if c.Kind == dataset.KindItem {
		return fmt.Sprint(c.Item)
	}
	return c.Scale
}

func TestLongLayouts(t *testing.T) {
	wide := "id,group,site,SWLS_1_T1,SWLS_2_T1,SWLS_1_T2,SWLS_2_T2\n" +
		"b,Control,Lima,3,4,5,\n" +
		"a,Intervention,Cusco,1,2,6,7\n"
	itemValue := "id,time,item,value,group,site\n" +
		"b,T1,SWLS_1,3,Control,Lima\n" +
		"b,T1,SWLS_2,4,Control,Lima\n" +
		"a,T2,SWLS_2,7,Intervention,Cusco\n" +
		"b,T2,SWLS_1,5,Control,Lima\n" +
		"b,T2,SWLS_2,,Control,Lima\n" +
		"a,T1,SWLS_1,1,Intervention,Cusco\n" +
		"a,T1,SWLS_2,2,Intervention,Cusco\n" +
		"a,T2,SWLS_1,6,Intervention,Cusco\n"
	perItem := "id;group;wave;site;swls_1;SWLS_2\n" +
		"b;Control;T1;Lima;3;4\n" +
		"b;Control;T2;Lima;5;\n" +
		"a;Intervention;T1;Cusco;1;2\n" +
		"a;Intervention;T2;Cusco;6;7\n"
	want, err := loadString(t, wide, dataset.Options{})
	if err != nil || want.Err() != nil {
		t.Fatal(err, want.Err())
	}
	for name, src := range map[string]string{"item/value": itemValue, "column per item": perItem} {
		ds, err := loadString(t, src, dataset.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ds.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ds.Layout != "long" {
			t.Errorf("%s: layout %q", name, ds.Layout)
		}
		if got, w := values(ds), values(want); got != w {
			t.Errorf("%s:\n%s\nwant\n%s", name, got, w)
		}
		if strings.Join(ds.GroupNames, ",") != "Control,Intervention" {
			t.Errorf("%s: groups %v", name, ds.GroupNames)
		}
	}
	// With --times-map the labels are the user's.
	m := &dataset.Mapping{Times: mustTimes(t, "pre,post")}
	ds, _ := loadString(t, strings.NewReplacer(",T1,", ",pre,", ",T2,", ",post,").Replace(itemValue), dataset.Options{Mapping: m})
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	if got := values(ds); !strings.Contains(got, "b Control: site=Lima SWLS_1@pre=3 SWLS_2@pre=4 SWLS_1@post=5 SWLS_2@post=NA") {
		t.Errorf("mapped:\n%s", got)
	}
}

func TestLongProblems(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"duplicate", "id,time,item,value\na,T1,SWLS_1,3\na,T1,SWLS_2,3\na,T1,SWLS_1,4\n",
			`f.csv: line 4, SWLS_1 at T1 for id "a" is given twice (lines 2 and 4)`},
		{"duplicate per item", "id,time,SWLS_1\na,T1,3\na,T2,3\na,T1,4\n",
			`f.csv: line 4, SWLS_1 at T1 for id "a" is given twice (lines 2 and 4)`},
		{"value out of range", "id,time,item,value\na,T1,SWLS_1,3\na,T2,SWLS_1,99\n",
			`f.csv: line 3, column "value": SWLS_1: value "99" is outside 1..7`},
		{"per item out of range", "id,time,SWLS_1\na,T1,3\na,T2,0\n",
			`f.csv: line 3, column "SWLS_1": value "0" is outside 1..7`},
		{"group differs", "id,group,time,SWLS_1\na,X,T1,3\na,Y,T2,3\n",
			`f.csv: line 3, column "group": group "Y" differs from "X" on line 2`},
		{"unknown time", "id,time,SWLS_1\na,pre,3\na,post,3\nb,pre,4\n",
			`f.csv: line 2, time label "pre" is not T followed by a whole number (T0, T1, T2, ...) (2 rows, first on line 2)`},
		{"unknown item", "id,time,item,value\na,T1,SWLS_9,3\na,T1,foo,3\n",
			`f.csv: line 2, item "SWLS_9": item 9 is beyond SWLS`},
		{"empty id", "id,time,SWLS_1\n,T1,3\n", `f.csv: line 2, column "id": empty id`},
	}
	for _, c := range cases {
		ds, err := loadString(t, c.src, dataset.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := ds.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant %q", c.name, err, c.want)
		}
	}
	if _, err := loadString(t, "id,SWLS_1_T1\na,3\n", dataset.Options{Layout: "long"}); err == nil || !strings.Contains(err.Error(), "--layout long: the header needs a time column (time, wave or visit)") {
		t.Errorf("forced long: %v", err)
	}
}
