// Package workpool runs expensive work (map images, simplified downloads,
// the first tiles of a zoom) on a bounded set of workers, once per key:
// identical requests share one run, a run nobody waits for any more is
// cancelled, and when the workers and their short queue are full a new run
// is refused at once rather than making every client slower.
package workpool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// ErrBusy is returned when every worker is busy and the queue is full: the
// caller should answer 503 with Retry-After.
var ErrBusy = errors.New("workpool: all workers busy and the queue is full")

// Pool bounds how many runs go at once and how many may wait for a
// worker. One Pool is shared by every Group, so images and downloads
// compete for the same few workers.
type Pool struct {
	mu       sync.Mutex
	base     context.Context
	stop     context.CancelFunc
	slots    chan struct{}
	maxQueue int64
	queued   atomic.Int64
	running  atomic.Int64
	// Observe, if set, is told of every run's outcome ("done", "failed",
	// "cancelled", "busy") for metrics.
	Observe func(outcome string)
}

// New returns a pool of workers runs at once with up to queue more waiting.
func New(workers, queue int) *Pool {
	if workers < 1 {
		workers = 1
	}
	if queue < 0 {
		queue = 0
	}
	p := &Pool{slots: make(chan struct{}, workers), maxQueue: int64(queue)}
	p.base, p.stop = context.WithCancel(context.Background())
	return p
}

// CancelAll cancels every run under way or waiting (at the end of a
// shutdown's grace period); runs started afterwards are not affected.
func (p *Pool) CancelAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop()
	p.base, p.stop = context.WithCancel(context.Background())
}

func (p *Pool) context() (context.Context, context.CancelFunc) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return context.WithCancel(p.base)
}

// Queued is the number of runs waiting for a worker.
func (p *Pool) Queued() int { return int(p.queued.Load()) }

// Running is the number of runs on a worker now.
func (p *Pool) Running() int { return int(p.running.Load()) }

// Workers is the number of runs the pool does at once.
func (p *Pool) Workers() int { return cap(p.slots) }

func (p *Pool) observe(outcome string) {
	if p.Observe != nil {
		p.Observe(outcome)
	}
}

// Group shares runs of the same key between callers.
type Group[V any] struct {
	pool  *Pool
	mu    sync.Mutex
	calls map[string]*call[V]
}

type call[V any] struct {
	done   chan struct{}
	v      V
	err    error
	refs   int
	cancel context.CancelFunc
}

// NewGroup returns a group whose runs go through p.
func NewGroup[V any](p *Pool) *Group[V] {
	return &Group[V]{pool: p, calls: map[string]*call[V]{}}
}

// Do returns the result of fn for key, running it on the pool unless a
// run of the same key is already under way, in which case it waits for
// that one. If ctx ends first Do returns ctx's error; when the last caller
// waiting for a run has gone, the run's context is cancelled (a run not
// yet started never starts). If no worker is free and the queue is full,
// Do returns ErrBusy without running anything.
func (g *Group[V]) Do(ctx context.Context, key string, fn func(context.Context) (V, error)) (V, error) {
	g.mu.Lock()
	c, ok := g.calls[key]
	if ok {
		c.refs++
	} else {
		var err error
		c, err = g.start(key, fn)
		if err != nil {
			g.mu.Unlock()
			g.pool.observe("busy")
			var zero V
			return zero, err
		}
		g.calls[key] = c
	}
	g.mu.Unlock()

	select {
	case <-c.done:
		return c.v, c.err
	case <-ctx.Done():
		g.mu.Lock()
		c.refs--
		if c.refs == 0 {
			c.cancel()
			if g.calls[key] == c {
				delete(g.calls, key)
			}
		}
		g.mu.Unlock()
		var zero V
		return zero, ctx.Err()
	}
}

// Waiting is the number of callers waiting for the run of key under way,
// 0 when there is none: a caller that would join a run can tell it will
// not start one.
func (g *Group[V]) Waiting(key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.calls[key]; ok {
		return c.refs
	}
	return 0
}

// start begins a run of key, taking a free worker or a place in the queue;
// g.mu is held.
func (g *Group[V]) start(key string, fn func(context.Context) (V, error)) (*call[V], error) {
	p := g.pool
	queued := false
	select {
	case p.slots <- struct{}{}:
	default:
		if p.queued.Add(1) > p.maxQueue {
			p.queued.Add(-1)
			return nil, ErrBusy
		}
		queued = true
	}
	ctx, cancel := p.context()
	c := &call[V]{done: make(chan struct{}), refs: 1, cancel: cancel}
	go func() {
		defer cancel()
		defer close(c.done)
		defer func() {
			g.mu.Lock()
			if g.calls[key] == c {
				delete(g.calls, key)
			}
			g.mu.Unlock()
		}()
		if queued {
			select {
			case p.slots <- struct{}{}:
				p.queued.Add(-1)
			case <-ctx.Done():
				p.queued.Add(-1)
				c.err = ctx.Err()
				p.observe("cancelled")
				return
			}
		}
		p.running.Add(1)
		defer func() {
			p.running.Add(-1)
			<-p.slots
		}()
		if err := ctx.Err(); err != nil {
			c.err = err
			p.observe("cancelled")
			return
		}
		c.v, c.err = run(ctx, fn)
		switch {
		case c.err == nil:
			p.observe("done")
		case ctx.Err() != nil:
			p.observe("cancelled")
		default:
			p.observe("failed")
		}
	}()
	return c, nil
}

// run calls fn, turning a panic into an error: a run happens on its own
// goroutine, where a panic would otherwise end the process.
func run[V any](ctx context.Context, fn func(context.Context) (V, error)) (v V, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("workpool: run panicked: %v", r)
		}
	}()
	return fn(ctx)
}
