package imageproxy

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A cache file is a 13-byte header followed by the image:
//
//	"lmi1" | type (1 byte, an imageType) | image length (uint64, big endian)
//
// The type is stored so serving never sniffs again; the length tells a
// complete file from one a crash cut short.
const (
	fileMagic  = "lmi1"
	headerSize = 4 + 1 + 8 // len(fileMagic) + type + length
	tmpMarker  = ".tmp-"
	// staleTemp is the age after which a leftover temporary file is removed.
	staleTemp = time.Hour
)

// diskCache keeps images in files named by cacheName, opened only through an
// os.Root, so no name can reach outside the directory even through a symbolic
// link planted in it.
type diskCache struct {
	root  *os.Root
	limit int64 // bytes; < 0 means unbounded
	now   func() time.Time

	total    atomic.Int64 // bytes of cache files, approximately
	evicting sync.Mutex
}

func openCache(dir string, limit int64, now func() time.Time) (*diskCache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("imageproxy: cache directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("imageproxy: cache directory: %w", err)
	}
	c := &diskCache{root: root, limit: limit, now: now}
	c.scan(false)
	return c, nil
}

func (c *diskCache) close() error { return c.root.Close() }

// entry is an open cache file positioned at the image.
type entry struct {
	f    *os.File
	typ  imageType
	body *io.SectionReader
}

// get opens the cache file name. A missing, odd (not a regular file) or
// damaged file is a miss; a damaged one is removed.
func (c *diskCache) get(name string) (*entry, bool) {
	if !isCacheName(name) {
		return nil, false
	}
	// Lstat first: a symbolic link, a FIFO (whose open would block) or a
	// directory at a cache name is not ours.
	if fi, err := c.root.Lstat(name); err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	f, err := c.root.Open(name)
	if err != nil {
		return nil, false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() < headerSize {
		f.Close()
		return nil, false
	}
	var h [headerSize]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		f.Close()
		return nil, false
	}
	typ := imageType(h[len(fileMagic)])
	n := binary.BigEndian.Uint64(h[len(fileMagic)+1:])
	if string(h[:len(fileMagic)]) != fileMagic || typ.ContentType() == "" || n != uint64(fi.Size()-headerSize) {
		f.Close()
		c.root.Remove(name) // damaged: fetch it again
		return nil, false
	}
	return &entry{f: f, typ: typ, body: io.NewSectionReader(f, headerSize, int64(n))}, true
}

// put stores an image under name: written to a temporary file in the same
// directory, then renamed over name, so readers see the old file or the whole
// new one.
func (c *diskCache) put(name string, typ imageType, img []byte) error {
	if !isCacheName(name) || typ.ContentType() == "" {
		return errors.New("imageproxy: bad cache entry") // unreachable from the handler
	}
	if err := c.root.Mkdir(name[:2], 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := name + tmpMarker + hex.EncodeToString(rnd[:])
	f, err := c.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	var h [headerSize]byte
	copy(h[:], fileMagic)
	h[len(fileMagic)] = byte(typ)
	binary.BigEndian.PutUint64(h[len(fileMagic)+1:], uint64(len(img)))
	_, err = f.Write(append(h[:], img...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		now := c.now()
		err = c.root.Chtimes(tmp, now, now) // eviction order follows the injected clock
	}
	if err == nil {
		err = c.root.Rename(tmp, name)
	}
	if err != nil {
		c.root.Remove(tmp)
		return err
	}
	if c.total.Add(int64(headerSize+len(img))) > c.limit && c.limit >= 0 {
		c.scan(true)
	}
	return nil
}

// scan walks the cache: it removes temporary files older than staleTemp,
// recounts the total size and, when evict is set and the total is over the
// limit, removes the oldest files (by modification time) until the total is
// at most 90% of the limit. One scan runs at a time; a caller that finds one
// running leaves the work to it.
func (c *diskCache) scan(evict bool) {
	if !c.evicting.TryLock() {
		return
	}
	defer c.evicting.Unlock()
	type file struct {
		name  string
		size  int64
		mtime time.Time
	}
	var files []file
	var total int64
	now := c.now()
	fs.WalkDir(c.root.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // skip what cannot be read; WalkDir never follows links
		}
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		if strings.Contains(name, tmpMarker) {
			if now.Sub(info.ModTime()) > staleTemp {
				c.root.Remove(name)
			}
			return nil
		}
		if isCacheName(name) {
			files = append(files, file{name, info.Size(), info.ModTime()})
			total += info.Size()
		}
		return nil
	})
	if evict && c.limit >= 0 && total > c.limit {
		slices.SortFunc(files, func(a, b file) int {
			if n := a.mtime.Compare(b.mtime); n != 0 {
				return n
			}
			return strings.Compare(a.name, b.name)
		})
		target := c.limit / 10 * 9
		for _, f := range files {
			if total <= target {
				break
			}
			if err := c.root.Remove(f.name); err == nil || errors.Is(err, fs.ErrNotExist) {
				total -= f.size
			}
		}
	}
	c.total.Store(total)
}
