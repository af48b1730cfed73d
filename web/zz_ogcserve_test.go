package web

import (
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

func TestZZServe(t *testing.T) {
	if os.Getenv("ZZSERVE") == "" {
		t.Skip()
	}
	ts := httptest.NewServer(testServer(t).Handler())
	defer ts.Close()
	os.WriteFile("/tmp/ogcsrv/url", []byte(ts.URL), 0o644)
	time.Sleep(120 * time.Second)
}
