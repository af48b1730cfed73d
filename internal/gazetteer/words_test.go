package gazetteer

import "testing"

func TestWordEnd(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want string // the first word
	}{
		{"Luhans'k region", "Luhans'k"},
		{"Luhans’k", "Luhans’k"},
		{"Crimea's future", "Crimea"},
		{"Donetsk’s mayor", "Donetsk"},
		{"Donetsk's", "Donetsk"},
		{"Crimeans' rights", "Crimeans"},
		{"Zaporozh'ye", "Zaporozh'ye"},
		{"Kherson-based", "Kherson"},
		{"Khersonskaya", "Khersonskaya"},
		{"Qırım", "Qırım"},
		{"'quoted", ""},
		{"", ""},
	} {
		t.Run(tc.s, func(t *testing.T) {
			if got := tc.s[:WordEnd(tc.s, 0)]; got != tc.want {
				t.Errorf("first word %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBoundaryAfter(t *testing.T) {
	for _, tc := range []struct {
		s    string
		j    int
		want bool
	}{
		{"Kherson", 7, true},
		{"Kherson city", 7, true},
		{"Khersonskaya", 7, false},
		{"Kherson's", 7, true},
		{"Kherson’s port", 7, true},
		{"Kherson'sk", 7, false},
		{"Kherson'", 7, true},
		{"Kherson-based", 7, true},
		{"Kherson2", 7, false},
	} {
		t.Run(tc.s, func(t *testing.T) {
			if got := BoundaryAfter(tc.s, tc.j); got != tc.want {
				t.Errorf("BoundaryAfter(%q, %d) = %v, want %v", tc.s, tc.j, got, tc.want)
			}
		})
	}
}

func TestMatchTail(t *testing.T) {
	for _, tc := range []struct {
		s, tail string
		end     int // -1 for no match
	}{
		{" People's Republic", " People's Republic", 18},
		{" people’s republic!", " People's Republic", 20},
		{"\n  People's  Republic", " People's Republic", 21},
		{"‑Dniprovska", "-Dniprovska", 13},
		{" Peoples Republic", " People's Republic", -1},
		{" People's", " People's Republic", -1},
		{"", "", 0},
	} {
		t.Run(tc.s, func(t *testing.T) {
			end, ok := MatchTail(tc.s, 0, tc.tail)
			if !ok {
				end = -1
			}
			if end != tc.end {
				t.Errorf("MatchTail(%q, %q) = %d, want %d", tc.s, tc.tail, end, tc.end)
			}
		})
	}
}
