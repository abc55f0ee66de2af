package importfile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"outreach/model"
)

// jsonRow is a full JSON Lines object with one key set to a raw JSON value
// (or removed when raw is "").
func jsonRow(id, key, raw string) string {
	m := map[string]json.RawMessage{
		"id": q(id), "handle": q("h_" + strings.ToLower(id)), "followers": []byte("100"), "name": q("Eve"),
		"level": q("L2"), "type": q("affiliate"), "categories": []byte(`["beauty"]`), "country": q("US"),
		"bio": q("hi"), "gmv_30d": []byte("10.5"), "active_days_30d": []byte("3"), "avg_views": []byte("1000"),
	}
	if key != "" {
		if raw == "" {
			delete(m, key)
		} else {
			m[key] = json.RawMessage(raw)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b) + "\n"
}

func q(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

func jsonBadField(name, key, raw, msg string) badCase {
	return badCase{
		name:   name,
		in:     jsonRow("c1", "", "") + "\n" + jsonRow("c2", key, raw),
		line:   3,
		column: key,
		msg:    msg,
	}
}

func TestParseJSONLBad(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	good := `{"id":"c1","handle":"aa","followers":1}` + "\n"
	cats21 := `["c"` + strings.Repeat(`,"c"`, 20) + `]`
	cases := []badCase{
		// The file as a whole.
		{name: "empty", in: "", msg: "file is empty"},
		{name: "only blank lines", in: "\n  \r\n\t\n", msg: "file is empty"},
		{name: "only a BOM", in: "\uFEFF", msg: "file is empty"},
		{name: "too big", in: good + good, lim: Limits{MaxBytes: 50}, msg: "file is larger than 50 bytes"},
		{name: "too many rows", in: good + "\n" + strings.Replace(good, "c1", "c2", 1) + strings.Replace(good, "c1", "c3", 1),
			lim: Limits{MaxRows: 2}, line: 4, msg: "more than 2 rows"},
		{name: "line too long", in: good + `{"id":"c2","handle":"bb","followers":1,"bio":"` + long(100) + `"}` + "\n",
			lim: Limits{MaxLineBytes: 60}, line: 2, msg: "longer than 60 bytes"},
		{name: "last line too long without newline", in: good + "\n" + long(100), lim: Limits{MaxLineBytes: 60},
			line: 3, msg: "longer than 60 bytes"},

		// Shape of a line.
		{name: "array line", in: good + "[1,2]\n", line: 2, msg: "want a JSON object"},
		{name: "null line", in: good + "null\n", line: 2, msg: "want a JSON object"},
		{name: "string line", in: `"id"` + "\n", line: 1, msg: "want a JSON object"},
		{name: "number line", in: good + "\n\n42\n", line: 4, msg: "want a JSON object"},
		{name: "truncated object", in: good + `{"id":"c2",` + "\n", line: 2, msg: "not valid JSON"},
		{name: "syntax error", in: good + `{"id" "c2"}` + "\n", line: 2, msg: "not valid JSON: invalid character '\"' after object key, at byte 7"},
		{name: "trailing comma", in: `{"id":"c1",}` + "\n", line: 1, msg: "not valid JSON"},
		{name: "two objects on a line", in: `{"id":"c1","handle":"aa","followers":1} {"id":"c2"}` + "\n", line: 1, msg: "one object per line"},
		{name: "garbage after the object", in: `{"id":"c1","handle":"aa","followers":1}x` + "\n", line: 1, msg: "one object per line"},

		// Keys.
		{name: "unknown key", in: good + `{"id":"c2","handle":"bb","followers":1,"email":"e@x"}` + "\n",
			line: 2, column: "email", msg: `unknown key "email"`},
		{name: "unknown key made safe", in: `{"id":"c1","\u001b[31mred":1}` + "\n", line: 1, column: "red", msg: `unknown key "red"`},
		{name: "nested unknown key", in: `{"id":"c1","handle":"aa","followers":1,"extra":{"id":"x"}}` + "\n",
			line: 1, column: "extra", msg: "unknown key"},
		jsonBadField("missing id", "id", "", "required"),
		jsonBadField("missing handle", "handle", "", "required"),
		jsonBadField("missing followers", "followers", "", "required"),
		jsonBadField("null id", "id", "null", "required"),
		jsonBadField("null followers", "followers", "null", "required"),

		// JSON types.
		jsonBadField("id a number", "id", "5", "want a string"),
		jsonBadField("handle an object", "handle", `{"a":1}`, "want a string"),
		jsonBadField("name an array", "name", `["Eve"]`, "want a string"),
		jsonBadField("level a number", "level", "3", "want a string"),
		jsonBadField("bio a bool", "bio", "true", "want a string"),
		jsonBadField("categories a string", "categories", `"a;b"`, "want an array of strings"),
		jsonBadField("categories of numbers", "categories", `["a",1]`, "want an array of strings"),
		jsonBadField("followers a string", "followers", `"100"`, "want a whole number 0..10000000000"),
		jsonBadField("followers a fraction", "followers", "1.5", "want a whole number 0..10000000000"),
		jsonBadField("followers an exponent", "followers", "1e3", "want a whole number 0..10000000000"),
		jsonBadField("followers negative", "followers", "-1", "want a whole number 0..10000000000"),
		jsonBadField("followers too many", "followers", "10000000001", "want a whole number 0..10000000000"),
		jsonBadField("followers a bool", "followers", "true", "want a whole number 0..10000000000"),
		jsonBadField("gmv a bool", "gmv_30d", "false", "at most two decimals"),
		jsonBadField("gmv an array", "gmv_30d", "[1]", "at most two decimals"),
		jsonBadField("gmv three decimals", "gmv_30d", "1.234", "at most two decimals"),
		jsonBadField("gmv string three decimals", "gmv_30d", `"1.234"`, "at most two decimals"),
		jsonBadField("gmv exponent", "gmv_30d", "1e2", "at most two decimals"),
		jsonBadField("gmv negative", "gmv_30d", "-0.5", "must not be negative"),
		jsonBadField("active days 31", "active_days_30d", "31", "want a whole number 0..30"),
		jsonBadField("active days string", "active_days_30d", `"3"`, "want a whole number 0..30"),
		jsonBadField("avg views negative", "avg_views", "-3", "want a whole number 0 or more"),

		// Values.
		jsonBadField("id with a space", "id", `"c 2"`, "only letters, digits"),
		jsonBadField("id empty", "id", `""`, "id is empty"),
		jsonBadField("handle upper case", "handle", `"Eve"`, "want 2 to 24"),
		jsonBadField("handle with an escape", "handle", `"ev\u001b[1me"`, "want 2 to 24"),
		jsonBadField("name too long", "name", `"`+long(101)+`"`, "at most 100"),
		jsonBadField("level L9", "level", `"L9"`, "want L0..L8"),
		jsonBadField("type unknown", "type", `"live"`, "want affiliate or link-share"),
		jsonBadField("too many categories", "categories", cats21, "21 given, at most 20"),
		jsonBadField("category too long", "categories", `["`+long(41)+`"]`, "longer than 40"),
		jsonBadField("country too long", "country", `"`+long(57)+`"`, "at most 56"),
		jsonBadField("bio too long", "bio", `"`+long(2001)+`"`, "at most 2000"),

		// Duplicate ids.
		{name: "duplicate id", in: good + "\n" + strings.Replace(good, "c1", "c2", 1) + strings.Replace(good, `"aa"`, `"zz"`, 1),
			line: 4, column: "id", msg: `"c1" already on line 1`},
	}
	runBad(t, JSONL, cases)
}

func TestParseJSONLGood(t *testing.T) {
	in := "\uFEFF" +
		`{"id":"c1","handle":"eve","followers":1200,"name":"\u001b]0;pwn\u0007Eve","level":"L3","type":"link-share",` +
		`"categories":["beauty"," fashion ","",""],"country":" US ","bio":"Line one\r\nLine two\u202e","gmv_30d":1234.5,` +
		`"active_days_30d":30,"avg_views":987}` + "\r\n" +
		"\n   \n" +
		`{"id":"c2","handle":"bob.b_2","followers":0,"name":null,"level":null,"type":null,"categories":null,` +
		`"country":null,"bio":null,"gmv_30d":null,"active_days_30d":null,"avg_views":null}` + "\n" +
		`  {"followers":10000000000,"handle":"bad_utf8","id":"c3","name":"Ca` + "\xff" + `t\tX","gmv_30d":"0.01","categories":[]}  ` + "\n" +
		`{"id":"c4","handle":"dd","followers":5,"gmv_30d":" 12 "}`
	got := mustParse(t, in, JSONL)
	want := []model.Creator{
		{ID: "c1", Handle: "eve", Followers: 1200, Name: "Eve", Level: 3, Type: model.LinkShare,
			Categories: []string{"beauty", "fashion"}, Country: "US", Bio: "Line one\nLine two",
			GMV30: 123450, ActiveDays30: 30, AvgViews: 987},
		{ID: "c2", Handle: "bob.b_2"},
		{ID: "c3", Handle: "bad_utf8", Followers: model.MaxFollowers, Name: "Ca\uFFFDt X", GMV30: 1},
		{ID: "c4", Handle: "dd", Followers: 5, GMV30: 1200},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%#v\nwant\n%#v", got, want)
	}
}

func TestParseJSONLAtLimits(t *testing.T) {
	line := `{"id":"c1","handle":"aa","followers":1}`
	in := line + "\n" + strings.Replace(line, "c1", "c2", 1) + "\n"
	got, err := Parse(strings.NewReader(in), JSONL, Limits{MaxBytes: int64(len(in)), MaxRows: 2, MaxLineBytes: len(line)})
	if err != nil || len(got) != 2 {
		t.Fatalf("a file exactly at every limit: %d creators, %v", len(got), err)
	}
}

// TestParseJSONLLongLines reads lines longer than bufio's buffer.
func TestParseJSONLLongLines(t *testing.T) {
	var b strings.Builder
	for i := range 3 {
		bio := strings.Repeat("é", 1999) // about 4 KB
		cats := make([]string, 20)
		for j := range cats {
			cats[j] = strings.Repeat("c", 40)
		}
		row, _ := json.Marshal(map[string]any{"id": "c" + string(rune('0'+i)), "handle": "hh", "followers": 1, "bio": bio,
			"categories": cats, "name": strings.Repeat("\u001b[1m", 10000) + "n"})
		b.Write(row)
		b.WriteByte('\n')
	}
	got, err := Parse(strings.NewReader(b.String()), JSONL, Limits{MaxLineBytes: 200 << 10})
	if err != nil || len(got) != 3 || got[2].Name != "n" {
		t.Fatalf("long lines: %d creators, %v", len(got), err)
	}
	checkCreators(t, got)
}
