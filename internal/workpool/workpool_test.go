package workpool

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// block returns a run that waits until release is closed or its context
// ends, counting starts and reporting whether it was cancelled.
func block(release <-chan struct{}, starts *atomic.Int32, cancelled chan<- string, name string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		starts.Add(1)
		select {
		case <-release:
			return name, nil
		case <-ctx.Done():
			if cancelled != nil {
				cancelled <- name
			}
			return "", ctx.Err()
		}
	}
}

func TestSharedRun(t *testing.T) {
	p := New(1, 0)
	g := NewGroup[string](p)
	release := make(chan struct{})
	var starts atomic.Int32
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := g.Do(context.Background(), "k", block(release, &starts, nil, "v"))
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	// Wait until the run has started and every caller has joined it.
	waitFor(t, func() bool { return g.Waiting("k") == len(results) })
	close(release)
	wg.Wait()
	if n := g.Waiting("k"); n != 0 {
		t.Errorf("Waiting = %d after the run, want 0", n)
	}
	if n := starts.Load(); n != 1 {
		t.Errorf("%d runs for one key, want 1", n)
	}
	for i, v := range results {
		if v != "v" {
			t.Errorf("caller %d got %q", i, v)
		}
	}
}

func TestBusy(t *testing.T) {
	p := New(1, 1)
	g := NewGroup[string](p)
	release := make(chan struct{})
	defer close(release)
	var starts atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go g.Do(ctx, "a", block(release, &starts, nil, "a"))
	waitFor(t, func() bool { return p.Running() == 1 })
	go g.Do(ctx, "b", block(release, &starts, nil, "b"))
	waitFor(t, func() bool { return p.Queued() == 1 })
	if _, err := g.Do(ctx, "c", block(release, &starts, nil, "c")); !errors.Is(err, ErrBusy) {
		t.Fatalf("third distinct run with one worker and a queue of one: err %v, want ErrBusy", err)
	}
	// Joining a run already under way is never refused.
	jctx, jcancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer jcancel()
	if _, err := g.Do(jctx, "a", block(release, &starts, nil, "a")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("joining run a: err %v, want to wait (deadline exceeded)", err)
	}
}

func TestLeaverCancels(t *testing.T) {
	p := New(1, 1)
	g := NewGroup[string](p)
	release := make(chan struct{})
	defer close(release)
	var starts atomic.Int32
	cancelled := make(chan string, 2)

	// A running run whose only caller leaves is cancelled.
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := g.Do(ctx, "a", block(release, &starts, cancelled, "a"))
		errc <- err
	}()
	waitFor(t, func() bool { return p.Running() == 1 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("caller of a: %v", err)
	}
	if got := <-cancelled; got != "a" {
		t.Fatalf("cancelled %q", got)
	}
	waitFor(t, func() bool { return p.Running() == 0 })

	// Two callers: one leaving does not cancel the run the other waits for.
	ctx1, cancel1 := context.WithCancel(context.Background())
	rel := make(chan struct{})
	done := make(chan string, 1)
	go g.Do(ctx1, "b", block(rel, &starts, cancelled, "b"))
	waitFor(t, func() bool { return p.Running() == 1 })
	go func() {
		v, _ := g.Do(context.Background(), "b", block(rel, &starts, cancelled, "b"))
		done <- v
	}()
	waitFor(t, func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.calls["b"] != nil && g.calls["b"].refs == 2
	})
	cancel1()
	close(rel)
	if v := <-done; v != "b" {
		t.Fatalf("remaining caller got %q", v)
	}
	select {
	case n := <-cancelled:
		t.Fatalf("run %s cancelled while a caller still waited", n)
	default:
	}
}

func TestQueuedRunNeverStartsWhenAbandoned(t *testing.T) {
	p := New(1, 4)
	g := NewGroup[string](p)
	release := make(chan struct{})
	var starts atomic.Int32
	go g.Do(context.Background(), "a", block(release, &starts, nil, "a"))
	waitFor(t, func() bool { return p.Running() == 1 })
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := g.Do(ctx, "b", block(release, &starts, nil, "b"))
		errc <- err
	}()
	waitFor(t, func() bool { return p.Queued() == 1 })
	cancel()
	<-errc
	waitFor(t, func() bool { return p.Queued() == 0 })
	close(release)
	waitFor(t, func() bool { return p.Running() == 0 })
	if n := starts.Load(); n != 1 {
		t.Errorf("%d runs started, want 1 (the abandoned one must not start)", n)
	}
}

func TestShutdownCancels(t *testing.T) {
	p := New(1, 0)
	g := NewGroup[string](p)
	var starts atomic.Int32
	errc := make(chan error, 1)
	go func() {
		_, err := g.Do(context.Background(), "a", block(make(chan struct{}), &starts, nil, "a"))
		errc <- err
	}()
	waitFor(t, func() bool { return p.Running() == 1 })
	p.CancelAll()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("run after CancelAll: %v", err)
	}
	// The pool still works afterwards.
	if v, err := g.Do(context.Background(), "b", func(context.Context) (string, error) { return "b", nil }); err != nil || v != "b" {
		t.Fatalf("run after CancelAll: %q, %v", v, err)
	}
}

func TestPanicIsAnError(t *testing.T) {
	g := NewGroup[int](New(1, 0))
	_, err := g.Do(context.Background(), "p", func(context.Context) (int, error) { panic("boom") })
	if err == nil {
		t.Fatal("a panicking run returned no error")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}
