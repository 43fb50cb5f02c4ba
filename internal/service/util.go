package service

import (
	"strconv"
	"sync/atomic"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// atomicFlag remembers a fact that, once true, stays true.
type atomicFlag struct{ v atomic.Bool }

func (f *atomicFlag) get() bool { return f.v.Load() }
func (f *atomicFlag) set()      { f.v.Store(true) }
