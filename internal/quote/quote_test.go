package quote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		most int
		want string
	}{
		{"", 5, ""},
		{"short", 5, "short"},
		{"longer", 5, "longe…"},
		{"Запоріжжя", 5, "За…"}, // two-byte letters: the cut falls back to a letter's start
		{"Запоріжжя", 4, "За…"},
		{"abc", 0, "…"},
		{"abc", -1, "…"},
	} {
		if got := Clip(c.s, c.most); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.s, c.most, got, c.want)
		}
	}
}

func FuzzClip(f *testing.F) {
	f.Add("Запоріжжя", 5)
	f.Add(strings.Repeat("€", 30), 40)
	f.Fuzz(func(t *testing.T, s string, most int) {
		got := Clip(s, most)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Clip(%q, %d) = %q, not valid UTF-8", s, most, got)
		}
		body := strings.TrimSuffix(got, "…")
		if !strings.HasPrefix(s, body) {
			t.Fatalf("Clip(%q, %d) = %q, not a prefix of the text", s, most, got)
		}
		if got != s && len(body) > max(most, 0) {
			t.Fatalf("Clip(%q, %d) keeps %d bytes", s, most, len(body))
		}
	})
}
