package web

import (
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

// flight is a bounded cache whose values are made on first request, once
// even when many requests ask at the same time: the first makes it, the
// others wait for it. A failure is not kept, so the next request tries
// again.
type flight[V any] struct {
	mu  sync.Mutex
	lru *lru.Cache[string, *flightEntry[V]]
}

type flightEntry[V any] struct {
	once sync.Once
	v    V
	err  error
}

func newFlight[V any](size int) *flight[V] {
	c, _ := lru.New[string, *flightEntry[V]](size) // only fails for a size below 1
	return &flight[V]{lru: c}
}

func (f *flight[V]) get(key string, make func() (V, error)) (V, error) {
	f.mu.Lock()
	e, ok := f.lru.Get(key)
	if !ok {
		e = &flightEntry[V]{}
		f.lru.Add(key, e)
	}
	f.mu.Unlock()
	e.once.Do(func() { e.v, e.err = make() })
	if e.err != nil {
		f.mu.Lock()
		if cur, ok := f.lru.Peek(key); ok && cur == e {
			f.lru.Remove(key)
		}
		f.mu.Unlock()
	}
	return e.v, e.err
}
