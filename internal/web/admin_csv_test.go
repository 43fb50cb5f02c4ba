package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/service"
)

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"user.suspend":        "user.suspend",
		"=HYPERLINK(\"x\")":   "'=HYPERLINK(\"x\")",
		"+1":                  "'+1",
		"-2+3":                "'-2+3",
		"@SUM(A1)":            "'@SUM(A1)",
		"\t=1":                "'\t=1",
		"\r=1":                "'\r=1",
		"a=1":                 "a=1", // only a leading character starts a formula
		"'already":            "'already",
		"192.0.2.1":           "192.0.2.1",
		`{"username":"=cmd"}`: `{"username":"=cmd"}`,
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteAuditCSV(t *testing.T) {
	at := time.Date(2031, 2, 3, 4, 5, 6, 0, time.FixedZone("x", 3600))
	rows := []service.AuditRow{
		{ID: 7, At: at, ActorID: 3, ActorName: "=evil", Action: "user.create", Target: "user:9", IP: "@1", RequestID: "r1",
			Outcome: "success", Metadata: `{"note":"a, \"quoted\"\nline"}`, PrevHash: "p", Hash: "h"},
		{ID: 6, At: at, ActorName: "system", Action: "audit.prune", Target: "-audit", Outcome: "success", Metadata: "{}"},
	}
	var buf bytes.Buffer
	if err := writeAuditCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v\n%s", err, buf.String())
	}
	want := [][]string{
		auditCSVHeader,
		{"7", "2031-02-03T03:05:06Z", "3", "'=evil", "user.create", "user:9", "success", "'@1", "r1", `{"note":"a, \"quoted\"\nline"}`, "p", "h"},
		{"6", "2031-02-03T03:05:06Z", "", "system", "audit.prune", "'-audit", "success", "", "", "{}", "", ""},
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("CSV rows:\n got %q\nwant %q", got, want)
	}
}

func TestWriteAuditJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := writeAuditJSON(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if got := bytes.TrimSpace(buf.Bytes()); string(got) != "[]" {
		t.Errorf("empty export = %s, want []", got)
	}
	buf.Reset()
	rows := []service.AuditRow{
		{ID: 2, At: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), ActorID: 5, ActorName: "ann", Action: "a", Metadata: `{"k":1}`},
		{ID: 1, At: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), ActorName: "system", Action: "b", Metadata: "not json"},
	}
	if err := writeAuditJSON(&buf, rows); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("export is not valid JSON: %v\n%s", err, buf.String())
	}
	if len(got) != 2 || got[0]["actor_id"] != float64(5) || got[1]["actor_id"] != nil ||
		!reflect.DeepEqual(got[0]["metadata"], map[string]any{"k": float64(1)}) || got[1]["metadata"] != "not json" ||
		got[0]["time"] != "2031-01-01T00:00:00Z" {
		t.Errorf("JSON export = %s", buf.String())
	}
}

func TestParseAuditFilter(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		query string
		want  service.AuditFilter
		errs  []string // fields with an error
	}{
		{name: "empty", query: ""},
		{name: "everything", query: "actor=12&action=+user.suspend+&target=user:3&from=2031-03-01&to=2031-03-02&before=900",
			want: service.AuditFilter{ActorID: 12, Action: "user.suspend", Target: "user:3", From: day(2031, 3, 1), To: day(2031, 3, 3), Before: 900}},
		{name: "one day", query: "from=2031-03-01&to=2031-03-01", want: service.AuditFilter{From: day(2031, 3, 1), To: day(2031, 3, 2)}},
		{name: "to only, month end", query: "to=2031-12-31", want: service.AuditFilter{To: day(2032, 1, 1)}},
		{name: "empty values are no filter", query: "actor=&action=&target=&from=&to=&before=", want: service.AuditFilter{}},
		{name: "actor not a number", query: "actor=ann", errs: []string{"actor"}},
		{name: "actor zero", query: "actor=0", errs: []string{"actor"}},
		{name: "actor negative", query: "actor=-4", errs: []string{"actor"}},
		{name: "bad dates", query: "from=2031-02-30&to=03/04/2031", errs: []string{"from", "to"}},
		{name: "date with time", query: "from=2031-03-01T10:00:00Z", errs: []string{"from"}},
		{name: "to before from", query: "from=2031-03-02&to=2031-03-01", errs: []string{"to"}},
		{name: "bad cursor", query: "before=abc", errs: []string{"before"}},
		{name: "cursor zero", query: "before=0", errs: []string{"before"}},
		{name: "action too long", query: "action=" + string(bytes.Repeat([]byte("a"), 201)), errs: []string{"action"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, errs := parseAuditFilter(q)
			fields := slices.Sorted(maps.Keys(errs))
			if !slices.Equal(tt.errs, fields) {
				t.Errorf("fields with errors = %q, want %q (%v)", fields, tt.errs, errs)
			}
			if !reflect.DeepEqual(tt.want, got) {
				t.Errorf("filter = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAuditURLKeepsFilterOnly(t *testing.T) {
	q, _ := url.ParseQuery("actor=3&action=&from=2031-01-01&before=50&format=xml&evil=1")
	if got, want := auditURL("/admin/audit/export", q, "format", "csv"), "/admin/audit/export?actor=3&format=csv&from=2031-01-01"; got != want {
		t.Errorf("export link = %q, want %q", got, want)
	}
	if got, want := auditURL("/admin/audit", url.Values{}), "/admin/audit"; got != want {
		t.Errorf("bare link = %q, want %q", got, want)
	}
}
