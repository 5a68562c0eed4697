package ghapp

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

func TestMemoryStore(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := newMemoryStore(3, clock.now)
	later := clock.t.Add(time.Hour)
	for i := 0; i < 3; i++ {
		if err := s.Put(ctx, "s"+strconv.Itoa(i), []byte{byte(i)}, later); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Put(ctx, "s3", nil, later); !errors.Is(err, ErrStoreFull) {
		t.Errorf("a fourth Put: %v, want ErrStoreFull", err)
	}
	// Taken once, then gone; the room it left takes a new flow.
	if d, err := s.Take(ctx, "s1"); err != nil || len(d) != 1 || d[0] != 1 {
		t.Errorf("Take = %v, %v", d, err)
	}
	if _, err := s.Take(ctx, "s1"); !errors.Is(err, ErrUnknownState) {
		t.Errorf("second Take: %v, want ErrUnknownState", err)
	}
	if _, err := s.Take(ctx, "never"); !errors.Is(err, ErrUnknownState) {
		t.Errorf("unknown state: %v", err)
	}
	if err := s.Put(ctx, "s3", []byte{3}, later.Add(time.Minute)); err != nil {
		t.Errorf("Put after a Take: %v", err)
	}
	// Expired: not given out, and dropped to make room.
	clock.t = later
	if _, err := s.Take(ctx, "s0"); !errors.Is(err, ErrUnknownState) {
		t.Errorf("expired Take: %v", err)
	}
	if err := s.Put(ctx, "s4", nil, later.Add(time.Hour)); err != nil {
		t.Errorf("Put once others expired: %v", err)
	}
	if n := s.len(); n != 2 { // s3 and s4
		t.Errorf("%d entries held, want 2", n)
	}
	// The data is the store's own copy.
	data := []byte{9}
	_ = s.Put(ctx, "copy", data, later.Add(time.Hour))
	data[0] = 0
	if d, _ := s.Take(ctx, "copy"); d[0] != 9 {
		t.Error("the store kept the caller's slice")
	}
}

// TestMemoryStoreExpiredBehind: an expired entry behind one that expires
// later still frees its room when the store is full.
func TestMemoryStoreExpiredBehind(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := newMemoryStore(2, clock.now)
	_ = s.Put(ctx, "long", nil, clock.t.Add(2*time.Hour))
	_ = s.Put(ctx, "short", nil, clock.t.Add(time.Minute))
	clock.t = clock.t.Add(time.Hour)
	if err := s.Put(ctx, "new", nil, clock.t.Add(time.Hour)); err != nil {
		t.Errorf("Put: %v", err)
	}
}

// TestMemoryStoreBounded: however many flows start and end, the store's
// queue stays within a few times its bound.
func TestMemoryStoreBounded(t *testing.T) {
	ctx := context.Background()
	clock := &testClock{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := newMemoryStore(10, clock.now)
	for i := 0; i < 10000; i++ {
		state := strconv.Itoa(i)
		if err := s.Put(ctx, state, nil, clock.t.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Take(ctx, state); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.queue); n > 2*10+16 {
		t.Errorf("queue of %d states for a store of 10", n)
	}
	// The same state put and taken again and again.
	for i := 0; i < 10000; i++ {
		_ = s.Put(ctx, "same", nil, clock.t.Add(time.Hour))
		_, _ = s.Take(ctx, "same")
		_ = s.Put(ctx, "kept", nil, clock.t.Add(time.Hour))
	}
	if n := len(s.queue); n > 2*10+16 {
		t.Errorf("queue of %d states for a store of 10, after repeated states", n)
	}
}

// TestMemoryStoreTakeOnce: of many concurrent Takes of one state, one gets
// the data.
func TestMemoryStoreTakeOnce(t *testing.T) {
	ctx := context.Background()
	s := newMemoryStore(10, time.Now)
	for round := 0; round < 50; round++ {
		_ = s.Put(ctx, "s", []byte("x"), time.Now().Add(time.Hour))
		var got atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Take(ctx, "s"); err == nil {
					got.Add(1)
				}
			}()
		}
		wg.Wait()
		if got.Load() != 1 {
			t.Fatalf("round %d: %d Takes got the data", round, got.Load())
		}
	}
}

// TestMemoryStoreRetryAfter: a full store says when its first pending
// flow expires, passing over flows taken already.
func TestMemoryStoreRetryAfter(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := &testClock{t0}
	s := newMemoryStore(2, clock.now)
	put := func(state string) error { return s.Put(ctx, state, nil, clock.t.Add(flowLifetime)) }
	_ = put("a")
	clock.t = t0.Add(time.Minute)
	_ = put("b")
	if _, err := s.Take(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	clock.t = t0.Add(2 * time.Minute)
	if err := put("c"); err != nil {
		t.Fatal(err)
	}
	clock.t = t0.Add(3 * time.Minute)
	err := put("d")
	var re *retryError
	if !errors.Is(err, ErrStoreFull) || !errors.As(err, &re) || re.RetryAfter() != 58*time.Minute {
		t.Fatalf("full store: %v (%+v), want ErrStoreFull with 58m to wait, until b expires", err, re)
	}
	if s, ok := retryAfter(err); !ok || s != 58*60 {
		t.Errorf("retryAfter = %d, %v", s, ok)
	}
}
