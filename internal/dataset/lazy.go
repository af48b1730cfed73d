package dataset

import (
	"bytes"
	"compress/flate"
	"container/list"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"

	"github.com/claimsmap/claimsmap/geo"
)

// dated is one snapshot date's layers: the control layer, the contested
// one if any, what they measure, and, once decoded, their geometry.
type dated struct {
	date      string
	file      File
	contested File // Path empty when the date has none
	figures   Figures
	// measured says figures come from the geometry (decoded at load),
	// not from FiguresName.
	measured bool
	// pinned is the decoded snapshot kept for the dataset's life: every
	// date when loaded whole, the default date when loaded lazily.
	pinned *Snapshot
	// key identifies what validating the date's layers depends on, for
	// Verify to skip what an earlier dataset already verified.
	key string
	// listed says FiguresName lists the figures of these exact layers.
	listed bool
	// sums are the SHA-256 of the control and contested layers.
	sums [2]string

	// layers holds a deferred date's files, by path, in place of Raw,
	// compressed once verified (see pack).
	mu     sync.Mutex
	layers map[string][]byte
	packed bool
}

// files returns the bytes of a deferred date's layers by path, or nil
// when they are in Raw.
func (e *dated) files() (map[string][]byte, error) {
	e.mu.Lock()
	layers, packed := e.layers, e.packed
	e.mu.Unlock()
	if !packed {
		return layers, nil
	}
	out := make(map[string][]byte, len(layers))
	for p, b := range layers {
		raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(b)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out[p] = raw
	}
	return out, nil
}

// pack compresses a deferred date's layers, which stay in memory for as
// long as the dataset is served but are decoded rarely: GeoJSON shrinks
// about fivefold, and inflating a layer costs far less than decoding it.
func (e *dated) pack() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.packed || e.layers == nil {
		return
	}
	out := make(map[string][]byte, len(e.layers))
	for p, b := range e.layers {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestSpeed)
		w.Write(b)
		w.Close()
		out[p] = bytes.Clone(buf.Bytes())
	}
	e.layers, e.packed = out, true
}

// adopt takes from's packed layers, the same bytes under the same key, in
// place of packing its own; it reports false when from has not packed
// them.
func (e *dated) adopt(from *dated) bool {
	from.mu.Lock()
	layers, packed := from.layers, from.packed
	from.mu.Unlock()
	if !packed || layers == nil {
		return false
	}
	e.mu.Lock()
	e.layers, e.packed = layers, true
	e.mu.Unlock()
	return true
}

// MaxDecodedPoints bounds the positions of the lazily decoded snapshots
// kept in memory (16 bytes each, so 32 MiB): enough for a few hundred
// snapshots of the default dataset's detail, after which the least
// recently used are decoded again when asked for.
const MaxDecodedPoints = 2 << 20

// snapshotCache keeps decoded snapshots within a budget of positions,
// decoding each once even when many callers ask at the same time.
type snapshotCache struct {
	mu     sync.Mutex
	budget int
	used   int
	lru    *list.List // of *slot, most recently used first
	slots  map[string]*slot
}

type slot struct {
	date  string
	once  sync.Once
	s     Snapshot
	err   error
	size  int
	elem  *list.Element
	added bool
}

func newSnapshotCache(budget int) *snapshotCache {
	return &snapshotCache{budget: budget, lru: list.New(), slots: map[string]*slot{}}
}

func (c *snapshotCache) get(date string, decode func() (Snapshot, error)) (Snapshot, error) {
	c.mu.Lock()
	sl, ok := c.slots[date]
	if ok {
		c.lru.MoveToFront(sl.elem)
	} else {
		sl = &slot{date: date}
		sl.elem = c.lru.PushFront(sl)
		c.slots[date] = sl
	}
	c.mu.Unlock()
	sl.once.Do(func() { sl.s, sl.err = decode() })
	c.mu.Lock()
	defer c.mu.Unlock()
	if !sl.added && c.slots[date] == sl {
		// A layer that does not decode stays refused (its bytes cannot
		// change), at the cost of its message.
		sl.added, sl.size = true, points(sl.s)
		c.used += sl.size
		for c.used > c.budget {
			old := c.lru.Back()
			if old == nil || old.Value.(*slot) == sl {
				break
			}
			o := old.Value.(*slot)
			c.lru.Remove(old)
			delete(c.slots, o.date)
			c.used -= o.size
		}
	}
	return sl.s, sl.err
}

// offer keeps a snapshot decoded for another reason (verifying it) if the
// budget has room for it without evicting anything.
func (c *snapshotCache) offer(date string, s Snapshot) {
	n := points(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.slots[date]; ok || c.used+n > c.budget {
		return
	}
	sl := &slot{date: date, s: s, size: n, added: true}
	sl.once.Do(func() {})
	sl.elem = c.lru.PushBack(sl)
	c.slots[date] = sl
	c.used += n
}

func points(s Snapshot) int {
	n := 0
	for _, as := range [][]ControlledArea{s.Areas, s.Contested} {
		for _, a := range as {
			for _, p := range a.Geometry {
				for _, r := range p {
					n += len(r)
				}
			}
		}
	}
	return n
}

// ErrNoSnapshot is returned for a date that has no control layer.
var ErrNoSnapshot = errors.New("no control layer for the date")

// ErrDeferredInvalid marks a deferred layer that failed, on first use, the
// validation a full load would have refused the folder for: the operator
// must fix the folder (check names the fault); other dates are served.
var ErrDeferredInvalid = errors.New("a layer of the dataset failed validation")

// LoadSnapshot returns the decoded layers of a snapshot date. In a dataset
// loaded lazily, layers other than the default date's are decoded (and
// validated, as Load would) on first use and kept within MaxDecodedPoints;
// the error then names the file at fault.
func (d *Dataset) LoadSnapshot(date string) (Snapshot, error) {
	e, ok := d.snaps[date]
	if !ok {
		return Snapshot{}, fmt.Errorf("%s: %w", date, ErrNoSnapshot)
	}
	if e.pinned != nil {
		return *e.pinned, nil
	}
	return d.decoded.get(date, func() (Snapshot, error) {
		s, err := d.decodeDated(e)
		if err != nil {
			return s, fmt.Errorf("%w: %w", ErrDeferredInvalid, err)
		}
		d.markVerified(e.key)
		return s, nil
	})
}

// Snapshot returns the decoded layers of a snapshot date, and false when
// there is none or it does not decode (LoadSnapshot says why).
func (d *Dataset) Snapshot(date string) (Snapshot, bool) {
	s, err := d.LoadSnapshot(date)
	return s, err == nil
}

// Figures returns what the layers of a snapshot date measure, without
// decoding them.
func (d *Dataset) Figures(date string) (Figures, bool) {
	e, ok := d.snaps[date]
	if !ok {
		return Figures{}, false
	}
	return e.figures, true
}

// decodeDated decodes and validates a date's layers and checks they
// measure what the dataset says (figures from FiguresName are trusted by
// their hash; this is where a forged entry would be found).
func (d *Dataset) decodeDated(e *dated) (Snapshot, error) {
	raw, err := e.files()
	if err != nil {
		return Snapshot{}, err
	}
	if raw == nil {
		raw = d.Raw
	}
	s, err := d.decodeLayers(e, raw)
	if err != nil {
		return Snapshot{}, err
	}
	if err := sameFigures(e.file.Path, e.figures.Controlled, measure(s.Areas)); err != nil {
		return Snapshot{}, err
	}
	if e.contested.Path != "" {
		if err := sameFigures(e.contested.Path, e.figures.Contested, measure(s.Contested)); err != nil {
			return Snapshot{}, err
		}
	}
	return s, nil
}

// decodeLayers decodes a date's control layer and its contested layer, if
// it has one, each checked against the regions and the two kept apart:
// what Load and a lazy load's later decoding both do. A panic, here on a
// worker goroutine, where it would end the process, is the control
// layer's error like any other.
func (d *Dataset) decodeLayers(e *dated, raw map[string][]byte) (s Snapshot, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: could not be read (%v)", e.file.Path, r)
		}
	}()
	if s, err = decodeSnapshot(e.file, raw, d.regions, RoleControlled); err != nil {
		return Snapshot{}, err
	}
	if e.contested.Path == "" {
		return s, nil
	}
	c, err := decodeSnapshot(e.contested, raw, d.regions, RoleContested)
	if err != nil {
		return Snapshot{}, err
	}
	if err := apart(e.contested.Path, c.Areas, s.Areas); err != nil {
		return Snapshot{}, err
	}
	s.Contested, s.ContestedFile = c.Areas, e.contested
	return s, nil
}

// Deferred counts the snapshot dates whose layers a lazy load has not yet
// validated.
func (d *Dataset) Deferred() int {
	d.verifiedMu.Lock()
	defer d.verifiedMu.Unlock()
	n := 0
	for _, e := range d.snaps {
		if !d.verified[e.key] {
			n++
		}
	}
	return n
}

func (d *Dataset) markVerified(key string) {
	d.verifiedMu.Lock()
	d.verified[key] = true
	d.verifiedMu.Unlock()
}

func (d *Dataset) isVerified(key string) bool {
	d.verifiedMu.Lock()
	defer d.verifiedMu.Unlock()
	return d.verified[key]
}

// Verify validates the layers a lazy load deferred, as Load would have,
// on up to workers goroutines, and returns every problem. Layers whose
// bytes, and the boundaries and claim they are checked against, are
// those of layers prev has already validated are not decoded again: what
// validating a layer finds depends on nothing else. prev may be nil.
//
// A server calls it before swapping in a reloaded dataset, so that a bad
// folder is refused whole, and in the background after start.
func (d *Dataset) Verify(ctx context.Context, prev *Dataset, workers int) error {
	// Each date is validated (unless it or prev already was) and its
	// layers packed, on the workers; a date prev holds packed under the
	// same key takes prev's packed bytes, which are the same.
	type job struct {
		e        *dated
		validate bool
	}
	var jobs []job
	for _, date := range d.Dates {
		e := d.snaps[date]
		switch {
		case d.isVerified(e.key):
			jobs = append(jobs, job{e, false})
		case prev != nil && prev.isVerified(e.key):
			d.markVerified(e.key)
			if pe := prev.snaps[date]; pe == nil || pe.key != e.key || !e.adopt(pe) {
				jobs = append(jobs, job{e, false})
			}
		default:
			jobs = append(jobs, job{e, true})
		}
	}
	workers = max(1, min(workers, runtime.GOMAXPROCS(0)))
	errs := make([]error, len(jobs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				j := jobs[i]
				if !j.validate {
					j.e.pack()
					continue
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					continue
				}
				s, err := d.decodeDated(j.e)
				if err != nil {
					errs[i] = err
					continue
				}
				d.markVerified(j.e.key)
				j.e.pack()
				// Kept while the budget has room, so that the first page
				// over every date (a place's holders) need not decode
				// them again; never at the cost of one asked for.
				d.decoded.offer(j.e.date, s)
			}
		}()
	}
	for i := range jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	return errors.Join(errs...)
}

// apart refuses contested ground that is also held: the grey zone is
// ground neither side holds, and counted in both it would be counted
// twice. Edges shared by the two, and slivers within OutsideKm2 or
// OutsideFraction of the contested area, are not an overlap.
func apart(path string, contested, held []ControlledArea) error {
	for _, c := range contested {
		for _, h := range held {
			if h.Region != c.Region || h.WithinClaim != c.WithinClaim || !c.Geometry.Bound().Intersects(h.Geometry.Bound()) {
				continue
			}
			both, err := geo.Intersection(c.Geometry, h.Geometry)
			if err != nil {
				return fmt.Errorf("%s: region %s: measuring its overlap with held ground: %w", path, c.Region, err)
			}
			if km2, total := geo.Area(both), geo.Area(c.Geometry); km2 > max(OutsideKm2, OutsideFraction*total) {
				return fmt.Errorf("%s: region %s: %s km² of its %s km² of contested ground is also held in the control layer; the grey zone is ground neither side holds",
					path, c.Region, num(math.Round(km2*10)/10), num(math.Round(total*10)/10))
			}
		}
	}
	return nil
}
