package arr

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/httpx"
	"github.com/lemedia/lemedia/internal/secret"
)

func TestPatchKeepsWhatItDoesNotTouch(t *testing.T) {
	raw := json.RawMessage(`{"id":7,"monitored":false,"path":"/movies/X (2001)","customField":{"nested":[1,2]},"tags":[3]}`)
	out, err := Patch(raw, map[string]any{"monitored": true, "tags": []int{3, 4}}, "path")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got["monitored"] != true || got["id"] != 7.0 || got["path"] != nil {
		t.Errorf("patched: %s", out)
	}
	if !strings.Contains(string(out), `"customField":{"nested":[1,2]}`) || !strings.Contains(string(out), `"tags":[3,4]`) {
		t.Errorf("unknown field or new value lost: %s", out)
	}
	if _, err := Patch(json.RawMessage(`[1]`), nil); err == nil {
		t.Error("an array was patched as an object")
	}
}

func TestParseTimeSpan(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"00:00:00":          0,
		"00:05:30":          5*time.Minute + 30*time.Second,
		"23:59:59":          23*time.Hour + 59*time.Minute + 59*time.Second,
		"1.02:00:00":        26 * time.Hour,
		"00:00:01.5000000":  1500 * time.Millisecond,
		"-00:01:00":         -time.Minute,
		"12.00:00:00.00001": 288*time.Hour + 10*time.Microsecond,
	} {
		got, err := ParseTimeSpan(in)
		if err != nil || got != want {
			t.Errorf("ParseTimeSpan(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "5", "00:61:00", "24:00:00", "a.00:00:00", "00:00", "1:2:3:4"} {
		if _, err := ParseTimeSpan(in); err == nil {
			t.Errorf("ParseTimeSpan(%q) accepted", in)
		}
	}
}

func TestReadValidation(t *testing.T) {
	cases := []struct {
		body   string
		fields []string
		exists bool
	}{
		{`[{"propertyName":"TmdbId","errorMessage":"This movie has already been added","errorCode":"MovieExistsValidator"}]`, []string{"TmdbId"}, true},
		{`[{"propertyName":"TvdbId","errorMessage":"This series has already been added"}]`, []string{"TvdbId"}, true},
		{`[{"propertyName":"TmdbId","errorMessage":"A movie with this ID was not found."}]`, []string{"TmdbId"}, false},
		{`[{"propertyName":"Path","errorMessage":"Path is already configured for an existing movie"}]`, []string{"Path"}, false},
		{`[{"propertyName":"<script>","errorMessage":"x"},{"propertyName":"RootFolderPath"}]`, []string{"RootFolderPath"}, false},
		{`{"message":"not a list"}`, nil, false},
	}
	for _, c := range cases {
		fields, is := readValidation([]byte(c.body))
		if strings.Join(fields, ",") != strings.Join(c.fields, ",") || errors.Is(is, ErrAlreadyExists) != c.exists {
			t.Errorf("%s: fields %v, %v", c.body, fields, is)
		}
	}
}

func TestBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://radarr:7878":           "http://radarr:7878",
		"https://example.org/radarr/":  "https://example.org/radarr",
		" http://10.0.0.5:8989/sonarr": "http://10.0.0.5:8989/sonarr",
	} {
		u, err := ParseBaseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseBaseURL(%q) = %v, %v", in, u, err)
		}
	}
	for _, in := range []string{"", "radarr:7878", "ftp://radarr", "http://user:pw@radarr", "http://radarr/?apikey=x",
		"http://radarr/?", "http://radarr/#x", "http:///radarr", "mailto:a@b"} {
		if _, err := ParseBaseURL(in); err == nil {
			t.Errorf("ParseBaseURL(%q) accepted", in)
		}
	}
	good := Options{BaseURL: "http://radarr", APIKey: secret.New("k"), HTTPClient: http.DefaultClient}
	if _, err := NewConn("radarr", good); err != nil {
		t.Fatal(err)
	}
	noKey, noClient := good, good
	noKey.APIKey, noClient.HTTPClient = secret.Secret{}, nil
	for _, o := range []Options{noKey, noClient} {
		if _, err := NewConn("radarr", o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}

func TestErrorMessageAndFailure(t *testing.T) {
	e := &Error{Service: "sonarr", Method: "GET", Path: "/api/v3/series/4",
		Failure: httpx.Failure{Kind: httpx.KindHTTPStatus, Status: 404}, is: ErrNotFound}
	if got := e.Error(); got != "sonarr: GET /api/v3/series/4: http_status 404 (not found)" {
		t.Errorf("message %q", got)
	}
	wrapped := errors.Join(errors.New("sync"), e)
	if !errors.Is(wrapped, ErrNotFound) || FailureOf(wrapped) != e.Failure {
		t.Errorf("unwrapping: %v %v", errors.Is(wrapped, ErrNotFound), FailureOf(wrapped))
	}
	if f := FailureOf(nil); !f.OK() {
		t.Errorf("FailureOf(nil) = %v", f)
	}
}
