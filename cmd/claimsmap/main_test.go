package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseServe(t *testing.T) {
	t.Setenv("CLAIMSMAP_ADDR", "")
	t.Setenv("CLAIMSMAP_DATA", "")
	t.Setenv("CLAIMSMAP_BASE_URL", "")
	c, err := parseServe(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "localhost:8080" || c.data != "" || c.baseURL != "http://localhost:8080" {
		t.Errorf("defaults = %+v", c)
	}

	t.Setenv("CLAIMSMAP_ADDR", "0.0.0.0:9000")
	t.Setenv("CLAIMSMAP_BASE_URL", "https://maps.example")
	c, err = parseServe(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "0.0.0.0:9000" || c.baseURL != "https://maps.example" {
		t.Errorf("from environment = %+v", c)
	}
	// Flags win over the environment.
	c, err = parseServe([]string{"--addr", "127.0.0.1:1234", "--data", "/tmp/x"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "127.0.0.1:1234" || c.data != "/tmp/x" {
		t.Errorf("flags = %+v", c)
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--addr", "nonsense"}, "want HOST:PORT"},
		{[]string{"serve", "extra"}, "serve takes no arguments"},
		{[]string{"serve", "--data", "/no/such/dir", "--addr", "127.0.0.1:0"}, "not a readable directory"},
		{[]string{"build-data", "--ne", "/no/such/dir"}, "not a readable directory"},
	} {
		var out, errb bytes.Buffer
		err := run(tc.args, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want error containing %q", tc.args, err, tc.want)
		}
	}
}

func TestHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"help"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"serve", "build-data"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("help lacks %q", w)
		}
	}
}
