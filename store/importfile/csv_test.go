package importfile

import (
	"reflect"
	"strings"
	"testing"

	"outreach/model"
)

const csvHeader = "id,handle,followers,name,level,type,categories,country,bio,gmv_30d,active_days_30d,avg_views\n"

// csvRow is a full row with one field replaced: field is a column name.
func csvRow(id, field, value string) string {
	v := map[string]string{
		"id": id, "handle": "eve_" + strings.ToLower(id), "followers": "100", "name": "Eve", "level": "L2",
		"type": "affiliate", "categories": "beauty", "country": "US", "bio": "hi", "gmv_30d": "10.50",
		"active_days_30d": "3", "avg_views": "1000",
	}
	if field != "" {
		v[field] = value
	}
	var b strings.Builder
	for i, c := range colNames {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(v[c])
	}
	b.WriteByte('\n')
	return b.String()
}

func csvBadField(name, field, value, msg string) badCase {
	return badCase{
		name:   name,
		in:     csvHeader + csvRow("c1", "", "") + csvRow("c2", field, value),
		line:   3,
		column: field,
		msg:    msg,
	}
}

func TestParseCSVBad(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	cats21 := strings.TrimSuffix(strings.Repeat("c;", 21), ";")
	cases := []badCase{
		// The file as a whole.
		{name: "empty", in: "", msg: "file is empty"},
		{name: "only a BOM", in: "\uFEFF", msg: "file is empty"},
		{name: "only blank lines", in: "\n\r\n\n", msg: "file is empty"},
		{name: "too big", in: csvHeader + csvRow("c1", "", ""), lim: Limits{MaxBytes: 40}, msg: "file is larger than 40 bytes"},
		{name: "too many rows", in: "id,handle,followers\nc1,aa,1\nc2,bb,2\nc3,cc,3\n", lim: Limits{MaxRows: 2},
			line: 4, msg: "more than 2 rows"},
		{name: "line too long", in: "id,handle,followers\nc1,aa,1\nc2,bb,1" + long(40) + "\nc3,cc,3\n", lim: Limits{MaxLineBytes: 30},
			line: 3, msg: "longer than 30 bytes"},
		{name: "header too long", in: "id,handle,followers,name,bio,country\nc1,aa,1,,,\n", lim: Limits{MaxLineBytes: 20},
			line: 1, msg: "longer than 20 bytes"},
		{name: "record too long", in: "id,handle,followers,bio\nc1,aa,1,ok\nc2,bb,1,\"" + long(20) + "\n" + long(20) + "\"\n",
			lim: Limits{MaxLineBytes: 30}, line: 3, msg: "row is longer than 30 bytes"},

		// The header.
		{name: "unknown column", in: "id,handle,followers,email\nc1,eve,1,e@x\n", line: 1, column: "email", msg: `unknown column "email"`},
		{name: "unknown column made safe", in: "id,handle,followers,\x1b[31mred\x1b[0m\n", line: 1, column: "red", msg: `unknown column "red"`},
		{name: "empty column name", in: "id,handle,followers,\n", line: 1, column: "", msg: `unknown column ""`},
		{name: "duplicated column", in: "id,handle,followers,name, ID \n", line: 1, column: "id", msg: "appears twice"},
		{name: "missing required column", in: "id,handle,name\nc1,eve,Eve\n", line: 1, column: "followers", msg: "required column is missing"},
		{name: "missing id", in: "handle,followers\n", line: 1, column: "id", msg: "required column is missing"},
		{name: "header after blank lines", in: "\n\nid,handle\n", line: 3, column: "followers", msg: "required column is missing"},

		// Row shape.
		{name: "too few fields", in: "id,handle,followers\nc1,eve,1\nc2,bob\n", line: 3, msg: "row has 2 fields, the header has 3"},
		{name: "too many fields", in: "id,handle,followers\nc1,eve,1,extra\n", line: 2, msg: "row has 4 fields, the header has 3"},
		{name: "bare quote", in: "id,handle,followers\nc1,e\"ve,1\n", line: 2, msg: `a " inside a field that is not quoted`},
		{name: "unclosed quote", in: "id,handle,followers,bio\nc1,eve,1,\"never\nclosed\n", line: 3, msg: "row that starts on line 2"},
		{name: "stray quote after quoted field", in: "id,handle,followers\nc1,\"eve\"x,1\n", line: 2, msg: "quoted field"},

		// Fields.
		csvBadField("id with a space", "id", "c 1", "only letters, digits"),
		csvBadField("empty id", "id", "", "id is empty"),
		csvBadField("id too long", "id", long(65), "at most 64"),
		csvBadField("id invalid UTF-8", "id", "c\xff1", "only letters"),
		csvBadField("handle upper case", "handle", "Eve", "want 2 to 24 characters"),
		csvBadField("handle too short", "handle", "e", "want 2 to 24 characters"),
		csvBadField("handle invalid UTF-8", "handle", "ev\xffe", "want 2 to 24 characters"),
		csvBadField("followers not a number", "followers", "abc", "want a whole number 0..10000000000"),
		csvBadField("followers empty", "followers", "", "want a whole number 0..10000000000"),
		csvBadField("followers negative", "followers", "-1", "want a whole number 0..10000000000"),
		csvBadField("followers fraction", "followers", "1.5", "want a whole number 0..10000000000"),
		csvBadField("followers too many", "followers", "10000000001", "want a whole number 0..10000000000"),
		csvBadField("name too long", "name", long(101), "name is 101 characters, at most 100"),
		csvBadField("level L9", "level", "L9", "want L0..L8"),
		csvBadField("level number", "level", "3", "want L0..L8"),
		csvBadField("type unknown", "type", "tiktok", "want affiliate or link-share"),
		csvBadField("too many categories", "categories", cats21, "21 given, at most 20"),
		csvBadField("category too long", "categories", "ok;"+long(41), "longer than 40"),
		csvBadField("country too long", "country", long(57), "at most 56"),
		csvBadField("bio too long", "bio", long(2001), "bio is 2001 characters, at most 2000"),
		csvBadField("gmv three decimals", "gmv_30d", "1.234", "at most two decimals"),
		csvBadField("gmv not a number", "gmv_30d", "lots", "at most two decimals"),
		csvBadField("gmv with a sign", "gmv_30d", "$12", "at most two decimals"),
		csvBadField("gmv negative", "gmv_30d", "-5", "must not be negative"),
		csvBadField("active days 31", "active_days_30d", "31", "want a whole number 0..30"),
		csvBadField("active days negative", "active_days_30d", "-1", "want a whole number 0..30"),
		csvBadField("avg views negative", "avg_views", "-1", "want a whole number 0 or more"),
		csvBadField("avg views overflow", "avg_views", "99999999999999999999", "want a whole number 0 or more"),

		// Line numbers around multi-line records.
		{name: "bad field after a multi-line field", in: "id,handle,bio,followers\nc1,eve,\"a\nb\nc\",x\n",
			line: 4, column: "followers", msg: "want a whole number"},
		{name: "bad row after a multi-line record", in: "id,handle,followers,bio\nc1,eve,1,\"a\nb\"\nc2,bob,x,\n",
			line: 4, column: "followers", msg: "want a whole number"},
		{name: "CRLF line endings", in: "id,handle,followers\r\nc1,eve,1\r\nc2,Bob,1\r\n",
			line: 3, column: "handle", msg: "want 2 to 24"},

		// Duplicate ids.
		{name: "duplicate id", in: "id,handle,followers\nc1,aa,1\nc2,bb,2\nc1,cc,3\n",
			line: 4, column: "id", msg: `"c1" already on line 2`},
		{name: "duplicate id after a multi-line record", in: "id,bio,handle,followers\nc1,\"x\ny\",aa,1\n\nc1,,bb,2\n",
			line: 5, column: "id", msg: `"c1" already on line 2`},
		{name: "duplicate id with spaces", in: "id,handle,followers\nc1,aa,1\n c1 ,bb,2\n",
			line: 3, column: "id", msg: `"c1" already on line 2`},
	}
	runBad(t, CSV, cases)
}

func TestParseCSVGood(t *testing.T) {
	in := "\uFEFF" + strings.ReplaceAll(csvHeader, "\n", "\r\n") +
		"c1,eve,1200,\x1b]0;pwn\x07Eve,l3,link-share,beauty; fashion;;,  US ,\"Line one\r\nLine \"\"two\"\"\",1234.5,30,987\r\n" +
		"c2,bob.b_2,0,\"Bob\tthe\nBuilder\",,,,,\"\u202eevil\u202c bio\x1b[2J\",,,\r\n" +
		"c3,bad_utf8,10000000000,Ca\xfft,L8,affiliate,\x1b[31mred\x1b[0m;;   ;x\x00y,,\"  padded  \",0.01,0,0\r\n"
	got := mustParse(t, in, CSV)
	want := []model.Creator{
		{ID: "c1", Handle: "eve", Followers: 1200, Name: "Eve", Level: 3, Type: model.LinkShare,
			Categories: []string{"beauty", "fashion"}, Country: "US", Bio: "Line one\nLine \"two\"",
			GMV30: 123450, ActiveDays30: 30, AvgViews: 987},
		{ID: "c2", Handle: "bob.b_2", Name: "Bob the Builder", Bio: "evil bio"},
		{ID: "c3", Handle: "bad_utf8", Followers: model.MaxFollowers, Name: "Ca\uFFFDt", Level: 8,
			Categories: []string{"red", "xy"}, Bio: "padded", GMV30: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%#v\nwant\n%#v", got, want)
	}
}

func TestParseCSVHeaderOnly(t *testing.T) {
	for _, in := range []string{"id,handle,followers\n", "id,handle,followers", " Handle ,ID,FOLLOWERS,bio\r\n", "\uFEFF" + csvHeader} {
		got, err := Parse(strings.NewReader(in), CSV, Limits{})
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("Parse(%q) = %#v, %v; want an empty slice", in, got, err)
		}
	}
}

func TestParseCSVColumnOrder(t *testing.T) {
	got := mustParse(t, " Handle ,avg_views,ID,FOLLOWERS\naa,5,c1,7\nbb,,c2,8\n", CSV)
	want := []model.Creator{
		{ID: "c1", Handle: "aa", Followers: 7, AvgViews: 5},
		{ID: "c2", Handle: "bb", Followers: 8},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v, want %#v", got, want)
	}
}

func TestParseCSVAtLimits(t *testing.T) {
	in := "id,handle,followers\nc1,aa,1\nc2,bb,2\n"
	got, err := Parse(strings.NewReader(in), CSV, Limits{MaxBytes: int64(len(in)), MaxRows: 2, MaxLineBytes: 19})
	if err != nil || len(got) != 2 {
		t.Fatalf("a file exactly at every limit: %d creators, %v", len(got), err)
	}
}
