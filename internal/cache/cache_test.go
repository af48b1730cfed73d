package cache

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestGetMakesOnce(t *testing.T) {
	c := New[int](4)
	var made atomic.Int32
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			v, err := c.Get("k", func() (int, error) { made.Add(1); return 7, nil })
			if v != 7 || err != nil {
				t.Errorf("Get = %d, %v", v, err)
			}
		})
	}
	wg.Wait()
	if n := made.Load(); n != 1 {
		t.Errorf("made %d times, want once", n)
	}
}

func TestGetForgetsFailures(t *testing.T) {
	c := New[int](4)
	boom := errors.New("boom")
	if _, err := c.Get("k", func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	v, err := c.Get("k", func() (int, error) { return 3, nil })
	if v != 3 || err != nil {
		t.Errorf("after a failure Get = %d, %v; want a new try", v, err)
	}
}

func TestGetIsBounded(t *testing.T) {
	c := New[int](2)
	made := 0
	mk := func() (int, error) { made++; return made, nil }
	c.Get("a", mk)
	c.Get("b", mk)
	c.Get("c", mk) // evicts a
	c.Get("a", mk)
	if made != 4 {
		t.Errorf("made %d values, want 4 (a evicted and made again)", made)
	}
}
