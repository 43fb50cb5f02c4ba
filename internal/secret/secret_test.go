package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretNeverPrints(t *testing.T) {
	s := New("canary-value-123")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "s", s, "nested", struct{ S Secret }{s})
	js, _ := json.Marshal(map[string]any{"s": s})
	out := strings.Join([]string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s), logs.String(), string(js)}, "\n")
	if strings.Contains(out, "canary") {
		t.Fatalf("secret leaked:\n%s", out)
	}
	if s.Reveal() != "canary-value-123" {
		t.Fatal("Reveal lost the value")
	}
}

func TestTokenLengthAndUniqueness(t *testing.T) {
	a, b := Token(32), Token(32)
	if len(a) != 43 || a == b {
		t.Fatalf("tokens %q %q", a, b)
	}
}
