// Package cache holds values that are expensive to make and made on first
// request: a bounded LRU whose entries are made once, even when many
// callers ask for the same key at the same time.
package cache

import (
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Cache keeps up to its size of values by key. The first caller of a key
// makes the value, the others wait for it; a failure is not kept, so the
// next caller tries again.
type Cache[V any] struct {
	mu  sync.Mutex
	lru *lru.Cache[string, *entry[V]]
}

type entry[V any] struct {
	once sync.Once
	v    V
	err  error
}

// New returns a cache of size entries; size must be at least 1.
func New[V any](size int) *Cache[V] {
	c, err := lru.New[string, *entry[V]](size)
	if err != nil {
		panic("cache: size below 1") // a programming error, not an input
	}
	return &Cache[V]{lru: c}
}

// Get returns the value of key, calling make to make it if no caller has
// yet.
func (c *Cache[V]) Get(key string, make func() (V, error)) (V, error) {
	c.mu.Lock()
	e, ok := c.lru.Get(key)
	if !ok {
		e = &entry[V]{}
		c.lru.Add(key, e)
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v, e.err = make() })
	if e.err != nil {
		c.mu.Lock()
		if cur, ok := c.lru.Peek(key); ok && cur == e {
			c.lru.Remove(key)
		}
		c.mu.Unlock()
	}
	return e.v, e.err
}

// Contains reports whether key's value is made (or being made), without
// making it or counting as a use.
func (c *Cache[V]) Contains(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Contains(key)
}
