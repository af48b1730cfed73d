package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAddArticle is a newsroom's round, as a person sees it: add an
// article from a saved page with the command, reload the running server
// (SIGHUP), find the article on /articles, open it and follow a mention to
// its region's page.
func TestBrowserAddArticle(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		if os.Getenv("CLAIMSMAP_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium found, and CLAIMSMAP_REQUIRE_BROWSER is set: apt-get install chromium")
		}
		t.Skip("no Chromium on PATH: install Debian's chromium to run the browser tests (CI does)")
	}
	dir := copyDefault(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"serve", "--data", dir, "--addr", addr, "--access-log", "0"}, &logs, &logs)
	}()
	t.Cleanup(func() {
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	base := "http://" + addr

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	defer cancel3()

	// The server is up with the default articles only.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/articles"), chromedp.WaitReady(chromedp.CSS("main"))); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	const title = "Kyiv rejects handing over land as envoys meet"
	if html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").textContent`)); strings.Contains(html, title) {
		t.Fatal("the article is listed before it was added")
	}

	var out syncBuffer
	if err := run([]string{"add-article", "--data", dir, pages + "news-page.html"}, &out, &out); err != nil {
		t.Fatalf("add-article: %v\n%s", err, out.String())
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	for listed := false; !listed; {
		if time.Now().After(deadline.Add(30 * time.Second)) {
			t.Fatalf("/articles never listed the new article:\n%s", logs.String())
		}
		time.Sleep(200 * time.Millisecond)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/articles"), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		listed = strings.Contains(text, title)
	}
	// The list counts its passages by region; filtering by the first of
	// them, with the form, keeps it.
	region, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const li = [...document.querySelectorAll(".article-list > li")].find(li => li.textContent.includes("`+title+`"));
		const a = li && li.querySelector(".article-counts a");
		if (!a) return "";
		const opt = [...document.querySelectorAll("#articles-region option")].find(o => o.textContent === a.textContent);
		if (!opt) return "";
		document.querySelector("#articles-region").value = opt.value;
		document.querySelector(".articles-form").submit();
		return opt.value;
	})()`))
	if err != nil || region == "" {
		t.Fatalf("the new article on /articles has no passage count by region to filter on (%v)", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`#articles-region option[value="`+region+`"][selected]`))); err != nil {
		t.Fatal(err)
	}
	filtered, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.search, document.querySelector("main").textContent.includes("`+title+`") ? "listed" : "not listed"]`))
	if err != nil {
		t.Fatal(err)
	}
	if filtered[0] != "?region="+region || filtered[1] != "listed" {
		t.Errorf("filtering /articles by %s: at %q, the new article %s", region, filtered[0], filtered[1])
	}
	// Open it from the list, as a reader does, then follow the first
	// mention of a region.
	clicked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const a = [...document.querySelectorAll("main a")].find(a => a.textContent.includes("`+title+`"));
		if (a) a.click();
		return !!a;
	})()`))
	if err != nil || !clicked {
		t.Fatalf("no link to the article on /articles (%v)", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`article a[href^="/regions/"]`))); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('article a[href^="/regions/"]').getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`article a[href^="/regions/"]`)),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.pathname, document.querySelector("h1").textContent, document.querySelector("main").textContent.includes("Kyiv rejects") ? "quoted" : "not quoted"]`))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.SplitN(href, "#", 2)[0]
	if got[0] != want || got[2] != "quoted" {
		t.Errorf("after following the mention %s: at %s (%q), the region page %s the new article", href, got[0], got[1], got[2])
	}
}
