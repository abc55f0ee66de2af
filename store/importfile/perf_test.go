package importfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"outreach/model"
	"outreach/model/program"
)

const perfHeader = "seller,creator,day,gmv,orders,items,refunded_orders,refunded_gmv,clicks,videos,lives,commission,code,self_purchase_orders\n"

func TestParsePerfGood(t *testing.T) {
	csvIn := "\uFEFF" + perfHeader +
		"acme,c1,2025-06-01,120.50,4,5,1,20,40,1,0,12.05,acme-lena15,1\n" +
		"acme,c2,2025-06-01,,,,,,,,,,,\n" +
		"acme,c1,2025-06-02,0.5,1,1,0,0,3,0,1,0,,0\r\n"
	jsonIn := `{"seller":"acme","creator":"c1","day":"2025-06-01","gmv":120.5,"orders":4,"items":5,"refunded_orders":1,"refunded_gmv":"20","clicks":40,"videos":1,"lives":0,"commission":12.05,"code":"acme-lena15","self_purchase_orders":1}` + "\n" +
		"\n" +
		`  {"seller":"acme","creator":"c2","day":"2025-06-01","gmv":null,"code":null}  ` + "\n" +
		`{"day":"2025-06-02","creator":"c\u0031","seller":"acme","gmv":"0.50","orders":1,"items":1,"clicks":3,"lives":1}`
	want := []PerfRow{
		{PerfDay: program.PerfDay{SellerID: "acme", CreatorID: "c1", Day: program.DayFromDate(2025, 6, 1), GMV: 120_50, Orders: 4, Items: 5,
			RefundedOrders: 1, RefundedGMV: 20_00, Clicks: 40, Videos: 1, Commission: 12_05, Code: "ACME-LENA15", SelfPurchaseOrders: 1}},
		{PerfDay: program.PerfDay{SellerID: "acme", CreatorID: "c2", Day: program.DayFromDate(2025, 6, 1)}},
		{PerfDay: program.PerfDay{SellerID: "acme", CreatorID: "c1", Day: program.DayFromDate(2025, 6, 2), GMV: 50, Orders: 1, Items: 1, Clicks: 3, Lives: 1}},
	}
	for _, tc := range []struct {
		f     Format
		in    string
		lines []int
	}{{CSV, csvIn, []int{2, 3, 4}}, {JSONL, jsonIn, []int{1, 3, 4}}} {
		got, err := ParsePerf(strings.NewReader(tc.in), tc.f, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", tc.f, err)
		}
		for i := range want {
			want[i].Line = tc.lines[i]
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.f, got, want)
		}
	}
	// Only the required columns; a header and no rows is an empty import.
	got, err := ParsePerf(strings.NewReader("Day, Creator ,SELLER\n2025-06-01,c1,acme\n"), CSV, Limits{})
	if err != nil || len(got) != 1 || got[0].SellerID != "acme" || got[0].Orders != 0 {
		t.Errorf("required only: %+v %v", got, err)
	}
	got, err = ParsePerf(strings.NewReader(perfHeader), CSV, Limits{})
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("header only: %v %v", got, err)
	}
	// Ids are kept once, however many rows name them.
	got, _ = ParsePerf(strings.NewReader("seller,creator,day\nacme,c1,2025-06-01\nacme,c1,2025-06-02\n"), CSV, Limits{})
	if len(got) == 2 && got[0].CreatorID != got[1].CreatorID {
		t.Error("ids differ")
	}
}

func runPerfBad(t *testing.T, f Format, cases []badCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePerf(strings.NewReader(tc.in), f, tc.lim)
			if err == nil || got != nil {
				t.Fatalf("ParsePerf = %d rows, %v; want an error and no rows", len(got), err)
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("error %v (%T) is not an *Error wrapping ErrInvalid", err, err)
			}
			if e.Line != tc.line || e.Column != tc.column || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got line %d column %q msg %q\nwant line %d column %q msg containing %q", e.Line, e.Column, e.Msg, tc.line, tc.column, tc.msg)
			}
			if !model.IsSafe(err.Error()) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error text not safe: %q", err.Error())
			}
		})
	}
}

// perfBadField is a CSV file whose second row has col set to value.
func perfBadField(name, col, value, msg string) badCase {
	cols := strings.Split(strings.TrimSpace(perfHeader), ",")
	vals := map[string]string{"seller": "acme", "creator": "c1", "day": "2025-06-01", "gmv": "10", "orders": "2", "refunded_gmv": "0"}
	vals[col] = value
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = vals[c]
	}
	good := "acme,c0,2025-06-01,,,,,,,,,,,\n"
	return badCase{name: name, in: perfHeader + good + strings.Join(row, ",") + "\n", line: 3, column: col, msg: msg}
}

func TestParsePerfCSVBad(t *testing.T) {
	runPerfBad(t, CSV, []badCase{
		{name: "empty", in: "", msg: "file is empty"},
		{name: "too big", in: perfHeader + "acme,c1,2025-06-01,,,,,,,,,,,\n", lim: Limits{MaxBytes: 50}, msg: "file is larger than 50 bytes"},
		{name: "too many rows", in: "seller,creator,day\na,c1,2025-06-01\na,c2,2025-06-01\na,c3,2025-06-01\n", lim: Limits{MaxRows: 2}, line: 4, msg: "more than 2 rows"},
		{name: "line too long", in: "seller,creator,day\na,c1," + strings.Repeat("x", 50) + "\n", lim: Limits{MaxLineBytes: 30}, line: 2, msg: "longer than 30 bytes"},
		{name: "unknown column", in: "seller,creator,day,revenue\n", line: 1, column: "revenue", msg: `unknown column "revenue"`},
		{name: "unknown column made safe", in: "seller,creator,day,\x1b]0;x\x07gmv2\n", line: 1, column: "gmv2", msg: `unknown column "gmv2"`},
		{name: "duplicate column", in: "seller,creator,day,orders, Orders\n", line: 1, column: "orders", msg: "appears twice in the header (fields 4 and 5)"},
		{name: "missing day column", in: "seller,creator,gmv\n", line: 1, column: "day", msg: "required column is missing"},
		{name: "too few fields", in: "seller,creator,day\nacme,c1\n", line: 2, msg: "row has 2 fields, the header has 3"},
		{name: "bare quote", in: "seller,creator,day\nacme,c\"1,2025-06-01\n", line: 2, msg: `a " inside a field`},
		{name: "duplicate row names both lines", in: "seller,creator,day,orders\nacme,c1,2025-06-01,1\nacme,c2,2025-06-01,1\nacme,c1,2025-06-01,2\n",
			line: 4, msg: `seller "acme", creator "c1", day 2025-06-01 is already on line 2`},
		{name: "same creator another seller is fine, then a duplicate", in: "seller,creator,day\nacme,c1,2025-06-01\nbig,c1,2025-06-01\n\"big\",c1,2025-06-01\n",
			line: 4, msg: "already on line 3"},
		perfBadField("empty seller", "seller", "", "is empty"),
		perfBadField("seller with a space", "seller", "ac me", "only letters, digits"),
		perfBadField("creator escape", "creator", "c\x1b[31m1", "only letters, digits"),
		perfBadField("day format", "day", "06/01/2025", "want a date YYYY-MM-DD"),
		perfBadField("day before 1970", "day", "1969-12-31", "between 1970-01-01 and 2199-12-31"),
		perfBadField("day in 2200", "day", "2200-01-01", "between 1970-01-01 and 2199-12-31"),
		perfBadField("day that does not exist", "day", "2025-02-29", "want a date"),
		perfBadField("negative orders", "orders", "-1", "must not be negative"),
		perfBadField("fractional orders", "orders", "1.5", msgCount),
		perfBadField("orders too many", "orders", "1000000001", msgCount),
		perfBadField("orders text", "orders", "two", msgCount),
		perfBadField("negative clicks", "clicks", "-3", "must not be negative"),
		perfBadField("negative items", "items", "-3", "must not be negative"),
		perfBadField("negative videos", "videos", "-1", "must not be negative"),
		perfBadField("negative lives", "lives", "-1", "must not be negative"),
		perfBadField("negative gmv", "gmv", "-10", "must not be negative"),
		perfBadField("gmv three decimals", "gmv", "1.234", msgMoney),
		perfBadField("gmv with a sign", "gmv", "$10", msgMoney),
		perfBadField("gmv too big", "gmv", "1000000001", "at most 1000000000.00 in one day"),
		perfBadField("negative commission", "commission", "-0.01", "must not be negative"),
		perfBadField("refunds above orders", "refunded_orders", "3", "more than orders 2"),
		perfBadField("refunded amount above gmv", "refunded_gmv", "10.01", "more than gmv 10.00"),
		perfBadField("self purchases above orders", "self_purchase_orders", "3", "more than orders 2"),
		perfBadField("code with a space", "code", "ACME LENA", "letters, digits"),
		perfBadField("code too long", "code", strings.Repeat("A", 33), "letters, digits"),
		{name: "bad field in a multi-line record", in: "seller,code,creator,day\nacme,\"A\nB\",c1,2025-06-01\n", line: 2, column: "code", msg: "letters, digits"},
	})
}

func TestParsePerfJSONLBad(t *testing.T) {
	row := `"seller":"acme","creator":"c1","day":"2025-06-01"`
	runPerfBad(t, JSONL, []badCase{
		{name: "empty", in: "\n\n", msg: "file is empty"},
		{name: "not an object", in: `["acme"]`, line: 1, msg: "want a JSON object"},
		{name: "unknown key", in: `{` + row + `,"revenue":1}`, line: 1, column: "revenue", msg: `unknown key "revenue"`},
		{name: "duplicate key", in: `{` + row + `,"orders":1,"orders":2}`, line: 1, column: "orders", msg: "key appears twice"},
		{name: "duplicate escaped key", in: `{` + row + `,"da\u0079":"2025-06-02"}`, line: 1, column: "day", msg: "key appears twice"},
		{name: "missing creator", in: `{"seller":"acme","day":"2025-06-01"}`, line: 1, column: "creator", msg: msgRequired},
		{name: "null day", in: `{"seller":"acme","creator":"c1","day":null}`, line: 1, column: "day", msg: msgRequired},
		{name: "day as a number", in: `{"seller":"acme","creator":"c1","day":20250601}`, line: 1, column: "day", msg: "want a string"},
		{name: "orders as a string", in: `{` + row + `,"orders":"2"}`, line: 1, column: "orders", msg: "want a whole number"},
		{name: "orders as bool", in: `{` + row + `,"orders":true}`, line: 1, column: "orders", msg: "want a whole number"},
		{name: "gmv as an object", in: `{` + row + `,"gmv":{"usd":1}}`, line: 1, column: "gmv", msg: "want a number or a string"},
		{name: "orders exponent", in: `{` + row + `,"orders":1e3}`, line: 1, column: "orders", msg: msgCount},
		{name: "negative orders", in: `{` + row + `,"orders":-1}`, line: 1, column: "orders", msg: "must not be negative"},
		{name: "refunds above orders", in: `{` + row + `,"orders":1,"refunded_orders":2}`, line: 1, column: "refunded_orders", msg: "more than orders 1"},
		{name: "gmv three decimals", in: `{` + row + `,"gmv":1.005}`, line: 1, column: "gmv", msg: msgMoney},
		{name: "trailing comma", in: `{` + row + `,}`, line: 1, msg: "want a key in double quotes"},
		{name: "unclosed", in: `{` + row, line: 1, msg: "the line ends inside the object"},
		{name: "two objects", in: `{` + row + `} {}`, line: 1, msg: "more than one JSON value"},
		{name: "leading zero", in: `{` + row + `,"orders":01}`, line: 1, msg: "want ',' or '}'"},
		{name: "control character in a string", in: "{" + row + `,"code":"A` + "\x01" + `"}`, line: 1, msg: "control character"},
		{name: "bad escape", in: `{` + row + `,"code":"\q"}`, line: 1, msg: "bad escape"},
		{name: "invalid UTF-8 creator", in: `{"seller":"acme","creator":"c` + "\xff" + `","day":"2025-06-01"}`, line: 1, column: "creator", msg: "only letters"},
		{name: "escape sequence in a key is made safe", in: `{"\u001b[31mx":1}`, line: 1, column: "x", msg: `unknown key "x"`},
		{name: "bad literal", in: `{` + row + `,"orders":nul}`, line: 1, msg: "want null"},
		{name: "duplicate row names both lines", in: `{` + row + `}` + "\n\n" + `{"day":"2025-06-01","seller":"acme","creator":"c1","orders":3}`,
			line: 3, msg: "is already on line 1"},
		{name: "too many rows", in: "{" + row + "}\n{" + strings.Replace(row, "c1", "c2", 1) + "}\n", lim: Limits{MaxRows: 1}, line: 2, msg: "more than 1 rows"},
	})
}

func TestParsePerfReadFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, f := range []Format{CSV, JSONL} {
		_, err := ParsePerf(iotest.ErrReader(boom), f, Limits{})
		if !errors.Is(err, boom) {
			t.Errorf("%s: %v, want the reader's error", f, err)
		}
	}
	if _, err := ParsePerf(strings.NewReader(""), Format(9), Limits{}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("bad format: %v", err)
	}
}

func TestParsePerfEach(t *testing.T) {
	in := "seller,creator,day,orders\nacme,c1,2025-06-01,1\nacme,c2,2025-06-01,2\nacme,c3,2025-06-01,3\n"
	want, _ := ParsePerf(strings.NewReader(in), CSV, Limits{})
	var got []PerfRow
	if err := ParsePerfEach(strings.NewReader(in), CSV, Limits{}, func(r PerfRow) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("each gave %+v, want %+v", got, want)
	}
	// The function's error stops the parse and comes back as it is.
	stop := errors.New("store full")
	n := 0
	err := ParsePerfEach(strings.NewReader(in), CSV, Limits{}, func(PerfRow) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("stop: %v after %d rows", err, n)
	}
	// A duplicate is known only at the end: rows were seen, the error still comes.
	n = 0
	err = ParsePerfEach(strings.NewReader(in+"acme,c2,2025-06-01,5\n"), CSV, Limits{}, func(PerfRow) error { n++; return nil })
	var e *Error
	if !errors.As(err, &e) || e.Line != 5 || !strings.Contains(e.Msg, "already on line 3") || n != 4 {
		t.Errorf("duplicate at the end: %v after %d rows", err, n)
	}
	if err := ParsePerfEach(strings.NewReader(in), CSV, Limits{}, nil); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("nil fn: %v", err)
	}
}
