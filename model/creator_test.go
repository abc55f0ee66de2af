package model

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLevelParseAndString(t *testing.T) {
	for l := Level(0); l <= MaxLevel; l++ {
		s := l.String()
		if s != fmt.Sprintf("L%d", l) {
			t.Errorf("Level(%d).String() = %q", l, s)
		}
		for _, in := range []string{s, strings.ToLower(s)} {
			got, err := ParseLevel(in)
			if err != nil || got != l {
				t.Errorf("ParseLevel(%q) = %v, %v; want %s", in, got, err, l)
			}
		}
	}
	for _, in := range []string{"", "L", "L9", "L10", "3", "LL", "L-1", " L3", "L3 ", "level3", "Ｌ3"} {
		if _, err := ParseLevel(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseLevel(%q) = %v, want ErrInvalid", in, err)
		}
	}
}

func TestCreatorType(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want CreatorType
	}{{"affiliate", Affiliate}, {"", Affiliate}, {"link-share", LinkShare}} {
		got, err := ParseCreatorType(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseCreatorType(%q) = %v, %v", tc.in, got, err)
		}
	}
	for _, in := range []string{"Affiliate", "link_share", "linkshare", "live", " affiliate"} {
		if _, err := ParseCreatorType(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseCreatorType(%q) = %v, want ErrInvalid", in, err)
		}
	}
	if Affiliate.String() != "affiliate" || LinkShare.String() != "link-share" {
		t.Errorf("%s %s", Affiliate, LinkShare)
	}
}

func TestValidID(t *testing.T) {
	for _, id := range []string{"a", "s1", "Seller_01", "a.b-c_d", "0", strings.Repeat("x", 64)} {
		if err := ValidID("seller id", id); err != nil {
			t.Errorf("ValidID(%q) = %v", id, err)
		}
	}
	bad := []struct {
		id, msg string
	}{
		{"", "seller id is empty"},
		{strings.Repeat("x", 65), "seller id is 65 bytes, at most 64"},
		{"a b", "seller id \"a b\": only letters"},
		{"a/b", "only letters"},
		{"é", "only letters"},
		{"a\x1b[31m", `seller id "a": only letters`}, // the id is shown made safe
		{"a\nb", `seller id "a b"`},
		{"a:b", "only letters"},
		{"a@b", "only letters"},
	}
	for _, tc := range bad {
		err := ValidID("seller id", tc.id)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ValidID(%q) = %v, want ErrInvalid containing %q", tc.id, err, tc.msg)
		}
	}
}

func TestValidHandle(t *testing.T) {
	for _, h := range []string{"ab", "alice", "a.b_c", "user_01", "x9", strings.Repeat("a", 24), "._"} {
		if err := ValidHandle(h); err != nil {
			t.Errorf("ValidHandle(%q) = %v", h, err)
		}
	}
	for _, h := range []string{"", "a", strings.Repeat("a", 25), "Alice", "al-ice", "al ice", "@alice", "ali\u00e9", "ab\x1b", "a\nb"} {
		err := ValidHandle(h)
		if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "handle ") {
			t.Errorf("ValidHandle(%q) = %v, want ErrInvalid naming the handle", h, err)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\x1b\n") {
			t.Errorf("ValidHandle(%q): unsafe error %q", h, err)
		}
	}
}

func validCreator() Creator {
	return Creator{
		ID: "c1", Handle: "alice", Name: "Alice", Followers: 1000, Level: 3, Type: LinkShare,
		Categories: []string{"beauty", "home"}, Country: "US", Bio: "Hi!\nI review things.",
		GMV30: 12_34, ActiveDays30: 12, AvgViews: 5000,
	}
}

func TestCreatorValidate(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		c := validCreator()
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		if want := validCreator(); !reflect.DeepEqual(c, want) {
			t.Errorf("a valid creator changed: %+v", c)
		}
	})
	t.Run("bounds", func(t *testing.T) {
		for _, mut := range []func(*Creator){
			func(c *Creator) { c.Followers = 0 },
			func(c *Creator) { c.Followers = MaxFollowers },
			func(c *Creator) { c.Level = MaxLevel },
			func(c *Creator) { c.ActiveDays30 = 0 },
			func(c *Creator) { c.ActiveDays30 = 30 },
			func(c *Creator) { c.Name = strings.Repeat("名", MaxNameRunes) },
			func(c *Creator) { c.Bio = strings.Repeat("b", MaxBioRunes) },
			func(c *Creator) { c.Country = strings.Repeat("c", MaxCountryRunes) },
			func(c *Creator) { c.Categories = make([]string, MaxCategories) },
			func(c *Creator) { c.Categories = []string{strings.Repeat("k", MaxCategoryLen)} },
			func(c *Creator) { c.Name, c.Bio, c.Country, c.Categories = "", "", "", nil },
		} {
			c := validCreator()
			mut(&c)
			if err := c.Validate(); err != nil {
				t.Errorf("%+v: %v", c, err)
			}
		}
	})
	t.Run("text is made safe in place", func(t *testing.T) {
		c := validCreator()
		c.Name = "  \x1b[31mAl\u202Eice\x1b[0m\t "
		c.Bio = "line\r\none\x07\n\n"
		c.Country = "U\nS"
		c.Categories = []string{" beauty ", "", "\x1b[1m", "ho\tme"}
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		if c.Name != "Alice" || c.Bio != "line\none" || c.Country != "U S" || !reflect.DeepEqual(c.Categories, []string{"beauty", "ho me"}) {
			t.Errorf("got name %q, bio %q, country %q, categories %q", c.Name, c.Bio, c.Country, c.Categories)
		}
	})
	bad := []struct {
		field string // the error starts with it
		mut   func(*Creator)
	}{
		{"id is empty", func(c *Creator) { c.ID = "" }},
		{"id ", func(c *Creator) { c.ID = "c 1" }},
		{"id is 65 bytes", func(c *Creator) { c.ID = strings.Repeat("c", 65) }},
		{"handle ", func(c *Creator) { c.Handle = "Alice" }},
		{"handle ", func(c *Creator) { c.Handle = "" }},
		{"name is 101 characters", func(c *Creator) { c.Name = strings.Repeat("n", 101) }},
		{"bio is 2001 characters", func(c *Creator) { c.Bio = strings.Repeat("b", 2001) }},
		{"country is 57 characters", func(c *Creator) { c.Country = strings.Repeat("c", 57) }},
		{"followers -1", func(c *Creator) { c.Followers = -1 }},
		{"followers 10000000001", func(c *Creator) { c.Followers = MaxFollowers + 1 }},
		{"level 9", func(c *Creator) { c.Level = 9 }},
		{"type", func(c *Creator) { c.Type = 2 }},
		{"gmv_30d -0.01", func(c *Creator) { c.GMV30 = -1 }},
		{"active_days_30d -1", func(c *Creator) { c.ActiveDays30 = -1 }},
		{"active_days_30d 31", func(c *Creator) { c.ActiveDays30 = 31 }},
		{"avg_views -5", func(c *Creator) { c.AvgViews = -5 }},
		{"categories: 21 given", func(c *Creator) { c.Categories = make([]string, 21) }},
		{"categories: ", func(c *Creator) { c.Categories = []string{"ok", strings.Repeat("k", 41)} }},
	}
	for _, tc := range bad {
		c := validCreator()
		tc.mut(&c)
		err := c.Validate()
		if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), tc.field) {
			t.Errorf("Validate: %v, want ErrInvalid starting with %q", err, tc.field)
		}
	}
}

func TestCleanCategories(t *testing.T) {
	in := []string{"a", " b ", "", "\x1b[31m", "c"}
	orig := append([]string(nil), in...)
	out, err := CleanCategories(in)
	if err != nil || !reflect.DeepEqual(out, []string{"a", "b", "c"}) {
		t.Errorf("CleanCategories = %q, %v", out, err)
	}
	if !reflect.DeepEqual(in, orig) {
		t.Errorf("CleanCategories changed its input: %q", in)
	}
	if out, err := CleanCategories(nil); err != nil || len(out) != 0 {
		t.Errorf("CleanCategories(nil) = %q, %v", out, err)
	}
	// The rune limit, not the byte limit.
	if _, err := CleanCategories([]string{strings.Repeat("é", 40)}); err != nil {
		t.Errorf("40 runes refused: %v", err)
	}
}

func TestSellerValidate(t *testing.T) {
	s := Seller{ID: "s1", Name: "  Acme\x1b[31m  ", TZ: "Europe/Berlin", Categories: []string{"home", ""}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Name != "Acme" || !reflect.DeepEqual(s.Categories, []string{"home"}) {
		t.Errorf("got %+v", s)
	}
	if s.Location().String() != "Europe/Berlin" {
		t.Errorf("location %v", s.Location())
	}
	s2 := Seller{ID: "s2"}
	if err := s2.Validate(); err != nil || s2.Name != "s2" || s2.Location() != time.UTC {
		t.Errorf("default name and zone: %+v %v", s2, err)
	}
	if (&Seller{TZ: "Nowhere/Else"}).Location() != time.UTC {
		t.Error("an unknown zone does not fall back to UTC")
	}
	for _, tc := range []struct {
		s     Seller
		field string
	}{
		{Seller{ID: ""}, "seller id is empty"},
		{Seller{ID: "a b"}, "seller id "},
		{Seller{ID: "s", Name: strings.Repeat("n", 101)}, "name is 101 characters"},
		{Seller{ID: "s", TZ: "Nowhere/Else"}, "unknown time zone"},
		{Seller{ID: "s", Categories: make([]string, 21)}, "categories"},
	} {
		err := tc.s.Validate()
		if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), tc.field) {
			t.Errorf("%+v: %v, want ErrInvalid starting with %q", tc.s, err, tc.field)
		}
	}
}

func TestCollabValidate(t *testing.T) {
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	valid := func() Collab {
		return Collab{
			Name:     "Spring launch",
			Products: []Product{{ID: "p1", Commission: 10}, {ID: "p2", Commission: 12.5}},
			EndDate:  now.AddDate(0, 1, 0),
			Message:  "Hello!\nWould you like to try our products?",
			Email:    "team@acme.example",
		}
	}
	products := func(n int, commission float64) []Product {
		ps := make([]Product, n)
		for i := range ps {
			ps[i] = Product{ID: fmt.Sprintf("p%d", i), Commission: commission}
		}
		return ps
	}
	good := []struct {
		name string
		mut  func(*Collab)
	}{
		{"as is", func(*Collab) {}},
		{"commission 1", func(c *Collab) { c.Products = products(1, 1) }},
		{"commission 80", func(c *Collab) { c.Products = products(1, 80) }},
		{"1 product", func(c *Collab) { c.Products = products(1, 5) }},
		{"100 products", func(c *Collab) { c.Products = products(100, 5) }},
		{"end one second from now", func(c *Collab) { c.EndDate = now.Add(time.Second) }},
		{"empty message", func(c *Collab) { c.Message = "" }},
		{"message of 500 runes", func(c *Collab) { c.Message = strings.Repeat("ü", 500) }},
		{"name of 100 runes", func(c *Collab) { c.Name = strings.Repeat("n", 100) }},
		{"email with spaces around", func(c *Collab) { c.Email = "  a@b.example " }},
		{"email with plus", func(c *Collab) { c.Email = "team+collab@acme.example" }},
	}
	for _, tc := range good {
		c := valid()
		tc.mut(&c)
		if err := c.Validate(now); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}

	t.Run("cleaned in place", func(t *testing.T) {
		c := valid()
		c.Name = " \x1b[31mSpring\tlaunch "
		c.Message = "\u202Ehi\r\nthere\n"
		c.Email = " a@b.example\t"
		if err := c.Validate(now); err != nil {
			t.Fatal(err)
		}
		if c.Name != "Spring launch" || c.Message != "hi\nthere" || c.Email != "a@b.example" {
			t.Errorf("name %q, message %q, email %q", c.Name, c.Message, c.Email)
		}
	})

	bad := []struct {
		name  string
		mut   func(*Collab)
		field string // the error starts with it
	}{
		{"empty name", func(c *Collab) { c.Name = " \x1b[0m " }, "name is empty"},
		{"long name", func(c *Collab) { c.Name = strings.Repeat("n", 101) }, "name is 101 characters"},
		{"0 products", func(c *Collab) { c.Products = nil }, "products: 0 given, want 1 to 100"},
		{"101 products", func(c *Collab) { c.Products = products(101, 5) }, "products: 101 given"},
		{"commission 0.5", func(c *Collab) { c.Products = products(1, 0.5) }, "products[1].commission 0.5%"},
		{"commission 81", func(c *Collab) { c.Products = products(1, 81) }, "products[1].commission 81%"},
		{"commission 0", func(c *Collab) { c.Products = products(1, 0) }, "products[1].commission"},
		{"commission 80.01 on the second", func(c *Collab) { c.Products[1].Commission = 80.01 }, "products[2].commission"},
		{"commission negative", func(c *Collab) { c.Products = products(1, -10) }, "products[1].commission"},
		{"product id empty", func(c *Collab) { c.Products[1].ID = "" }, "products[2].id is empty"},
		{"product id bad", func(c *Collab) { c.Products[0].ID = "p 1" }, "products[1].id "},
		{"product twice", func(c *Collab) { c.Products[1].ID = "p1" }, `products: "p1" appears twice`},
		{"end date in the past", func(c *Collab) { c.EndDate = now.AddDate(0, 0, -1) }, "end date 2026-03-03: must be in the future"},
		{"end date now", func(c *Collab) { c.EndDate = now }, "end date"},
		{"end date zero", func(c *Collab) { c.EndDate = time.Time{} }, "end date"},
		{"message of 501 runes", func(c *Collab) { c.Message = strings.Repeat("ü", 501) }, "message is 501 characters, at most 500"},
		{"no email", func(c *Collab) { c.Email = "" }, "contact email"},
		{"bad email", func(c *Collab) { c.Email = "not-an-email" }, `contact email "not-an-email"`},
		{"email with a display name", func(c *Collab) { c.Email = "Acme <team@acme.example>" }, "contact email"},
		{"two emails", func(c *Collab) { c.Email = "a@b.example, c@d.example" }, "contact email"},
		{"email with an escape", func(c *Collab) { c.Email = "a\x1b[31m@b.example" }, "contact email"},
		{"email too long", func(c *Collab) { c.Email = strings.Repeat("a", 250) + "@b.example" }, "contact email"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.mut(&c)
			err := c.Validate(now)
			if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), tc.field) {
				t.Errorf("Validate: %v, want ErrInvalid starting with %q", err, tc.field)
			}
			if err != nil && strings.ContainsAny(err.Error(), "\x1b\n") {
				t.Errorf("unsafe error %q", err)
			}
		})
	}
}

func TestCollabCommissionNaN(t *testing.T) {
	var zero float64
	c := Collab{Name: "n", Products: []Product{{ID: "p", Commission: zero / zero}}, EndDate: time.Unix(1e10, 0), Email: "a@b.example"}
	if err := c.Validate(time.Unix(0, 0)); !errors.Is(err, ErrInvalid) {
		t.Errorf("NaN commission: %v", err)
	}
}

func TestInviteStateString(t *testing.T) {
	want := map[InviteState]string{Pending: "pending", Accepted: "accepted", Declined: "declined", Expired: "expired", Canceled: "canceled"}
	for s, w := range want {
		if s.String() != w {
			t.Errorf("%d: %q, want %q", s, s.String(), w)
		}
	}
}
